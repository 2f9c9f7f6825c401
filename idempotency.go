package tandem

import (
	"context"
	"errors"
)

// ErrDuplicate is returned by a write made under WithIdempotencyKey when the
// key was already used: the write was rolled back and changed nothing.
var ErrDuplicate = errors.New("tandem: request already processed")

type idempotencyKey struct{}

type idempotency struct {
	key  string
	used bool
}

// WithIdempotencyKey returns a context under which the first write that
// honours it (the store's) records key atomically with its effect. If key
// was recorded before, that write fails with ErrDuplicate and changes
// nothing. Later writes under the same context are not deduplicated: one
// inbound request, one key, one primary effect. The context is meant for one
// goroutine.
func WithIdempotencyKey(ctx context.Context, key string) context.Context {
	if key == "" {
		return ctx
	}
	return context.WithValue(ctx, idempotencyKey{}, &idempotency{key: key})
}

// TakeIdempotencyKey returns the context's key the first time it is called
// for that context and "" after that or when there is none. A writer calls
// it inside its transaction; if the transaction fails it calls
// ReturnIdempotencyKey so a retry records it.
func TakeIdempotencyKey(ctx context.Context) string {
	i, _ := ctx.Value(idempotencyKey{}).(*idempotency)
	if i == nil || i.used {
		return ""
	}
	i.used = true
	return i.key
}

// ReturnIdempotencyKey undoes TakeIdempotencyKey after a failed transaction.
func ReturnIdempotencyKey(ctx context.Context) {
	if i, _ := ctx.Value(idempotencyKey{}).(*idempotency); i != nil {
		i.used = false
	}
}
