package store_test

import (
	"context"
	"testing"

	"github.com/tandem-dev/tandem"
)

func TestProgramLifecycle(t *testing.T) {
	db := open(t)
	ctx := context.Background()
	p := tandem.NewProgram("C1", "Europe/Berlin")
	p.Name = "learning"
	if err := db.CreateProgram(ctx, "", p); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateProgram(ctx, "", p); tandem.ErrorCode(err) != tandem.ECONFLICT {
		t.Fatalf("second create: %v, want ECONFLICT", err)
	}
	got, err := db.UpdateProgram(ctx, "", "C1", func(p *tandem.Program) error { p.GroupSize = 3; return nil })
	if err != nil || got.GroupSize != 3 {
		t.Fatalf("update: %+v %v", got, err)
	}
	all, err := db.Programs(ctx)
	if err != nil || len(all) != 1 || all[0].GroupSize != 3 || all[0].Timezone != "Europe/Berlin" || all[0].Name != "learning" {
		t.Fatalf("programs: %+v %v", all, err)
	}
	if err := db.DeleteProgram(ctx, "", "C1"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Program(ctx, "C1"); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Fatalf("after delete: %v, want ENOTFOUND", err)
	}
	if err := db.DeleteProgram(ctx, "", "C1"); tandem.ErrorCode(err) != tandem.ENOTFOUND {
		t.Fatalf("second delete: %v", err)
	}
}
