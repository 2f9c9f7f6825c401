package bot

import (
	"context"
	"log/slog"
)

// Every log line written while an envelope is handled names it: its ID and
// its type, never its content. handleEnvelope puts both in the context, and
// the bot's logger adds them to each line logged with that context (the
// ...Context methods of slog.Logger), so that an operator can follow one
// envelope from "envelope received" to "envelope handled". A line's own
// attributes therefore never use the keys envelope and kind for anything
// else: in JSON a key would appear twice.

type envelopeCtxKey struct{}

type envelopeInfo struct{ id, typ string }

// withEnvelope returns ctx carrying the envelope's ID and type.
func withEnvelope(ctx context.Context, id, typ string) context.Context {
	return context.WithValue(ctx, envelopeCtxKey{}, envelopeInfo{id: id, typ: typ})
}

// envelopeHandler adds the envelope of the record's context, if any.
type envelopeHandler struct{ slog.Handler }

func (h envelopeHandler) Handle(ctx context.Context, r slog.Record) error {
	if e, ok := ctx.Value(envelopeCtxKey{}).(envelopeInfo); ok {
		r.AddAttrs(slog.String(keyEnvelope, e.id), slog.String(keyKind, e.typ))
	}
	return h.Handler.Handle(ctx, r)
}

func (h envelopeHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return envelopeHandler{h.Handler.WithAttrs(attrs)}
}

func (h envelopeHandler) WithGroup(name string) slog.Handler {
	return envelopeHandler{h.Handler.WithGroup(name)}
}
