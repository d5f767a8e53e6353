package storage_test

import (
	"bytes"
	"reflect"
	"strconv"
	"testing"

	"danchu"
	"danchu/storage"
)

func TestPetitionIdentityIsSealed(t *testing.T) {
	forEachPetitionDB(t, func(t *testing.T, db *storage.DB) {
		ctx := t.Context()
		author := mustCreateResident(t, db, 1001, "Tiểu khu 1")
		handler := mustCreateResident(t, db, 1002, "")
		p := newPetition(danchu.KindDenunciation, author.ID, local(2026, 3, 2, 9, 30))
		mustFile(t, db, p, identity)
		other := newPetition(danchu.KindDenunciation, author.ID, local(2026, 3, 2, 10, 30))
		mustFile(t, db, other, &danchu.Identity{FullName: "Đỗ Văn Khải", Address: "Tiểu khu 5", Phone: "+84988777666"})
		anon := newPetition(danchu.KindReport, author.ID, local(2026, 3, 2, 11, 30))
		anon.Anonymous = true
		mustFile(t, db, anon, nil)

		// At rest: no name, address or phone in any byte of the table.
		var sealed []byte
		mustNil(t, storage.GetForTest(ctx, db, &sealed, `SELECT ciphertext FROM petition_identities WHERE petition_id = ?`, p.ID))
		for _, secret := range []string{identity.FullName, identity.Address, identity.Phone, "Phạm", "84915000111"} {
			if bytes.Contains(sealed, []byte(secret)) {
				t.Fatalf("the stored identity holds %q in the clear", secret)
			}
		}
		if n := count(t, db, `SELECT COUNT(*) FROM petitions WHERE content LIKE '%Phạm Thị%' OR subject LIKE '%Phạm Thị%'`); n != 0 {
			t.Fatalf("the identity leaked into the petition row")
		}

		subject := "petition:" + strconv.FormatInt(p.ID, 10)
		for i := range 2 {
			got, err := db.PetitionIdentity(ctx, p.ID, handler.ID)
			mustNil(t, err)
			if !reflect.DeepEqual(got, identity) {
				t.Fatalf("PetitionIdentity = %#v", *got) // redacted when printed
			}
			// Every read is in the audit log, by reader.
			entries, err := db.AuditOf(ctx, subject)
			mustNil(t, err)
			if len(entries) != i+1 {
				t.Fatalf("after %d reads, %d audit entries", i+1, len(entries))
			}
			e := entries[i]
			if e.Action != "petition.identity.read" || e.ActorID != handler.ID || !e.At.Equal(t0) || e.Detail != "" {
				t.Fatalf("audit entry = %+v", e)
			}
		}

		_, err := db.PetitionIdentity(ctx, anon.ID, handler.ID)
		wantCode(t, err, danchu.ENOTFOUND)
		_, err = db.PetitionIdentity(ctx, 999, handler.ID)
		wantCode(t, err, danchu.ENOTFOUND)

		// Without the key nothing opens, and no read is logged.
		box := db.Secrets
		db.Secrets = nil
		_, err = db.PetitionIdentity(ctx, p.ID, handler.ID)
		wantCode(t, err, danchu.EINTERNAL)
		// Under another key neither.
		db.Secrets = mustBox(t)
		_, err = db.PetitionIdentity(ctx, p.ID, handler.ID)
		wantCode(t, err, danchu.EINTERNAL)
		db.Secrets = box

		// A sealed identity is bound to its petition: copied onto another
		// petition's row, it does not open there.
		mustNil(t, storage.ExecForTest(ctx, db, `UPDATE petition_identities SET ciphertext = ? WHERE petition_id = ?`, sealed, other.ID))
		_, err = db.PetitionIdentity(ctx, other.ID, handler.ID)
		wantCode(t, err, danchu.EINTERNAL)

		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'petition.identity.read'`); n != 2 {
			t.Fatalf("%d reads logged, want the 2 that succeeded", n)
		}
	})
}
