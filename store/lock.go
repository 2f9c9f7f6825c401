package store

import "errors"

// ErrLocked is returned by Lock when another process holds the database.
var ErrLocked = errors.New("another tandem process is already serving this database")
