package regional

import (
	"context"

	"github.com/kmn-niedersachsen/kmn/internal/db"
)

// TouchMinutes runs the conditioned update every change of minutes makes
// (tests show that SQL itself refuses approved minutes).
func (s *Store) TouchMinutes(ctx context.Context, minutesID string) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error { return touchMinutes(ctx, tx, minutesID, s.now()) })
}
