package storage_test

import (
	"reflect"
	"testing"
	"time"

	"danchu"
	"danchu/storage"
)

func TestAudit(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		entries := []danchu.AuditEntry{
			{At: t0.Add(time.Minute), ActorID: 7, Action: "role.grant", Subject: "resident:12", Detail: "chairman"},
			{ActorID: 0, Action: "invite.create", Subject: "invite:3"},
			{At: t0.Add(-time.Minute), ActorID: 7, Action: "resident.update", Subject: "resident:12"},
		}
		for _, e := range entries {
			mustNil(t, db.Audit(ctx, e))
		}
		wantCode(t, db.Audit(ctx, danchu.AuditEntry{Subject: "resident:12"}), danchu.EINVALID)

		got, err := db.AuditOf(ctx, "resident:12")
		mustNil(t, err)
		var actions []string
		for _, e := range got {
			if e.ID == 0 || e.Subject != "resident:12" {
				t.Fatalf("entry %+v", e)
			}
			actions = append(actions, e.Action)
		}
		if want := []string{"resident.update", "role.grant"}; !reflect.DeepEqual(actions, want) {
			t.Fatalf("AuditOf actions = %v, want %v (oldest first)", actions, want)
		}
		if got[1].ActorID != 7 || got[1].Detail != "chairman" || !got[1].At.Equal(t0.Add(time.Minute)) {
			t.Fatalf("entry = %+v", got[1])
		}
		invite, err := db.AuditOf(ctx, "invite:3")
		mustNil(t, err)
		if len(invite) != 1 || !invite[0].At.Equal(t0) {
			t.Fatalf("entry with no time = %+v, want At = now", invite)
		}
		if none, err := db.AuditOf(ctx, "resident:99"); err != nil || len(none) != 0 {
			t.Fatalf("AuditOf(unknown) = %v, %v", none, err)
		}
	})
}
