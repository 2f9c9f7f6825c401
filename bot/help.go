package bot

// `help`, an empty command and an unknown one: the commands, from the
// message catalogs (help.members, help.admins).

import (
	"context"

	"github.com/tandem-dev/tandem/command"
	"github.com/tandem-dev/tandem/render"
)

func (b *Bot) help(ctx context.Context, req request, cmd command.Command) render.Reply {
	md := req.v.T("help.members")
	if admin, err := b.dir.IsAdmin(ctx, req.user); err == nil && admin {
		md += "\n\n" + req.v.T("help.admins")
	}
	if cmd.Unknown != "" {
		md = req.v.T("help.unknown", "Verb", render.Esc(cmd.Unknown)) + "\n\n" + md
	}
	return req.v.Text(md)
}
