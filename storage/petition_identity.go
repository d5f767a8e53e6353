package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"

	"danchu"
)

// PetitionIdentity opens the author's identity and, in the same
// transaction, appends the audit entry of the read (action
// "petition.identity.read", subject "petition:<id>", ActorID readerID): a
// read that is not logged does not happen. The caller checks
// danchu.Can(actor, ActionViewIdentity, p) first. ENOTFOUND when the
// petition has no stored identity; EINTERNAL when db.Secrets is nil or the
// record does not open (another DANCHU_SECRET_KEY, or a changed row).
func (db *DB) PetitionIdentity(ctx context.Context, petitionID, readerID int64) (*danchu.Identity, error) {
	const op = "storage.PetitionIdentity"
	var id danchu.Identity
	err := db.update(ctx, func(tx *sqlx.Tx) error {
		var sealed []byte
		err := tx.GetContext(ctx, &sealed, db.rebind(
			`SELECT ciphertext FROM petition_identities WHERE petition_id = ?`), petitionID)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(op, "this petition has no stored identity")
		}
		if err != nil {
			return err
		}
		if db.Secrets == nil {
			return &danchu.Error{Code: danchu.EINTERNAL, Op: op, Message: "no secret key: the identity cannot be read"}
		}
		plain, err := db.Secrets.Open(sealed, identityAD(petitionID))
		if err != nil {
			return &danchu.Error{Code: danchu.EINTERNAL, Op: op, Message: "the identity does not open: check DANCHU_SECRET_KEY", Err: err}
		}
		if err := json.Unmarshal(plain, &id); err != nil {
			return fmt.Errorf("decode identity: %w", err)
		}
		_, err = tx.ExecContext(ctx, db.rebind(`
			INSERT INTO audit_log (at, actor_id, action, subject, detail) VALUES (?, ?, ?, ?, '')`),
			ts(db.now()), readerID, "petition.identity.read", "petition:"+strconv.FormatInt(petitionID, 10))
		return err
	})
	if err != nil {
		return nil, internal(op, err)
	}
	return &id, nil
}
