package store

// This file is the seam for marketplace data (topics, votes): its exports
// and its part of `forget me`.

import (
	"context"
	"database/sql"

	"github.com/tandem-dev/tandem"
)

// marketplaceExports are the CSV files of marketplace data.
var marketplaceExports []export

// forgetMarketplace deletes user's marketplace data inside a forget
// transaction and counts what it deleted into f.
func forgetMarketplace(ctx context.Context, tx *sql.Tx, user tandem.UserID, f tandem.Forgotten) error {
	return nil
}
