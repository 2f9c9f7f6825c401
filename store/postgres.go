package store

// The PostgreSQL backend. Every store method exists once and runs on both
// backends: queries are written with SQLite's `?` placeholders, and the
// connections of a PostgreSQL DB rewrite them to `$1, $2...` (rebindConn),
// so a method added later works on both as long as its SQL is portable
// (ON CONFLICT, RETURNING, coalesce, CASE; not INSERT OR IGNORE, rowid,
// strftime). The schema is the same table for table, with three choices
// that keep behaviour identical:
//
//   - text columns use the "C" collation, so ORDER BY, comparisons and
//     unique keys follow bytes, as SQLite's BINARY does, whatever the
//     database's locale;
//   - instants stay fixed-width UTC text (timeLayout), as in SQLite;
//   - group_members and clicks carry a rowid column: SQLite's implicit
//     insertion order, which some queries sort by.
//
// Each write is a transaction of its own on the pool under advisory locks
// that every replica shares (batch.go, pgwrite.go): a write runs alone, as
// SQLite's single writer runs it, or, if it names its scope (one person,
// one partnership, one program), side by side with other scopes'. Reads run in REPEATABLE READ, READ ONLY
// transactions: one snapshot per view, as in SQLite's WAL mode.
//
// What SQLite needs and PostgreSQL does not, and why:
//   - pragmas: the DSN's pragmas become per-connection settings here
//     (statement_timeout, lock_timeout, idle_in_transaction_session_timeout);
//   - the file lock (lock_unix.go): replicas are allowed; leadership
//     (leader.go) decides which one runs the scheduler and the sender;
//   - the integrity check at open: the server owns its files (data
//     checksums, its own recovery); Open checks that it can connect and
//     that the schema is tandem's;
//   - file modes: the server owns the files;
//   - secure_delete and the WAL checkpoint after forget: PostgreSQL keeps
//     deleted rows until VACUUM; Forget runs VACUUM on tandem's tables once
//     committed, so the dead rows leave the tables and their indexes. The
//     server's WAL segments and base backups still hold them until they are
//     recycled or expire: that is the operator's retention (docs/deploy.md).

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgresOptions tunes a PostgreSQL DB. Zero values take the defaults.
type PostgresOptions struct {
	// MaxConns bounds the pool (default 10). The leader's lock connection
	// and per-program locks come on top of it.
	MaxConns int
	// StatementTimeout bounds every statement, waits for locks included
	// (default 10s, as SQLite's busy timeout).
	StatementTimeout time.Duration
}

const (
	defaultMaxConns         = 10
	defaultStatementTimeout = 10 * time.Second
)

// IsPostgresURL reports whether s names a PostgreSQL database
// (postgres:// or postgresql://).
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// OpenPostgres opens the PostgreSQL database at url and applies any
// migrations it does not have yet, under an advisory lock so that replicas
// starting at once never apply one twice. The database's current schema
// (the first of search_path) holds tandem's tables. When the server cannot
// be reached or refuses the login, the error is an *OpenError naming the
// URL without its password.
func OpenPostgres(ctx context.Context, rawURL string, o PostgresOptions, opts ...Option) (*DB, error) {
	db, err := openPostgres(ctx, rawURL, o, opts)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", pgOpenError(rawURL, err))
	}
	return db, nil
}

func openPostgres(ctx context.Context, rawURL string, o PostgresOptions, opts []Option) (*DB, error) {
	cfg, err := pgConfig(rawURL, o)
	if err != nil {
		return nil, err
	}
	pool := sql.OpenDB(rebindConnector{stdlib.GetConnector(*cfg)})
	maxConns := o.MaxConns
	if maxConns <= 0 {
		maxConns = defaultMaxConns
	}
	pool.SetMaxOpenConns(maxConns)
	pool.SetMaxIdleConns(maxConns)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	db := &DB{path: Redact(rawURL), pg: &pgState{cfg: cfg},
		write: pool, read: pool, Now: time.Now, closing: make(chan struct{})}
	for _, opt := range opts {
		opt(db)
	}
	fail := func(err error) (*DB, error) {
		db.stopWriter()
		pool.Close()
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := pool.PingContext(pctx); err != nil {
		return fail(err)
	}
	if err := pool.QueryRowContext(pctx, `SELECT current_schema()`).Scan(&db.pg.schema); err != nil {
		return fail(err)
	}
	if err := db.migratePostgres(ctx); err != nil {
		return fail(err)
	}
	if err := db.loadSecret(ctx); err != nil {
		return fail(err)
	}
	return db, nil
}

// pgState is what only a PostgreSQL DB has.
type pgState struct {
	cfg    *pgx.ConnConfig
	schema string // current_schema(): advisory lock keys include it
}

// pgConfig parses the URL and adds tandem's session settings.
func pgConfig(rawURL string, o PostgresOptions) (*pgx.ConnConfig, error) {
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("database.url: %w", err)
	}
	timeout := o.StatementTimeout
	if timeout <= 0 {
		timeout = defaultStatementTimeout
	}
	ms := strconv.FormatInt(timeout.Milliseconds(), 10)
	set := func(k, v string) {
		if _, ok := cfg.RuntimeParams[k]; !ok {
			cfg.RuntimeParams[k] = v
		}
	}
	set("statement_timeout", ms)
	set("lock_timeout", ms)
	set("idle_in_transaction_session_timeout", strconv.FormatInt(6*timeout.Milliseconds(), 10))
	// Each process names itself, so that an operator (or a test) can tell
	// the replicas' connections apart in pg_stat_activity.
	set("application_name", fmt.Sprintf("tandem pid %d", os.Getpid()))
	// The server notices a vanished replica within about 15 s, so that the
	// locks it held (leadership included) are released.
	set("tcp_keepalives_idle", "5")
	set("tcp_keepalives_interval", "2")
	set("tcp_keepalives_count", "3")
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 5 * time.Second
	}
	return cfg, nil
}

// Redact returns a database URL without its password, for logs and errors.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "postgres://(unparsable URL)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// pgOpenError says in one line why a PostgreSQL database cannot be used.
func pgOpenError(rawURL string, err error) error {
	var prior *OpenError
	if errors.As(err, &prior) {
		return err
	}
	oe := &OpenError{Path: Redact(rawURL), Err: err}
	var pe *pgconn.PgError
	var ce *pgconn.ConnectError
	switch {
	case errors.As(err, &pe):
		oe.Problem = "the server refused: " + oneLine(pe.Message)
	case errors.As(err, &ce):
		oe.Problem = "cannot connect: " + oneLine(ce.Unwrap().Error())
	case strings.HasPrefix(err.Error(), "database.url"):
		oe.Problem = oneLine(err.Error())
	default:
		oe.Problem = oneLine(err.Error())
	}
	return oe
}

// lockKey is an advisory lock key: the purpose in the high half, a hash of
// the schema (and name) in the low half, so that two tandem installations
// in two schemas of one database never share a lock.
func (db *DB) lockKey(purpose int32, name string) (int32, int32) {
	h := fnv.New32a()
	h.Write([]byte(db.pg.schema + "\x00" + name))
	return purpose, int32(h.Sum32())
}

// Advisory lock purposes.
const (
	lockWrites  = 0x74640001 // every write: shared by scoped ones (pgwrite.go)
	lockMigrate = 0x74640002 // applying migrations at start
	lockLeader  = 0x74640003 // the leader (leader.go)
	lockProgram = 0x74640004 // per-program work (locks.go)
	lockScope   = 0x74640005 // one scope's writes (pgwrite.go, scope.go)
)

// isPostgres reports the backend.
func (db *DB) isPostgres() bool { return db.pg != nil }

// Backend names the backend: "sqlite" or "postgres".
func (db *DB) Backend() string {
	if db.isPostgres() {
		return "postgres"
	}
	return "sqlite"
}

// IsUniqueViolation reports whether err is a unique-key violation on
// either backend.
func IsUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// rebindConnector makes pgx's database/sql connections take `?`.
type rebindConnector struct{ driver.Connector }

func (c rebindConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return rebindConn{conn.(*stdlib.Conn)}, nil
}

// rebindConn is a pgx connection that rewrites `?` placeholders to `$n`
// and passes bools as 0 and 1, as SQLite stores them.
type rebindConn struct{ *stdlib.Conn }

func (c rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.Conn.Prepare(rebind(query))
}

func (c rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.PrepareContext(ctx, rebind(query))
}

func (c rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.Conn.ExecContext(ctx, rebind(query), args)
}

func (c rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.Conn.QueryContext(ctx, rebind(query), args)
}

func (c rebindConn) CheckNamedValue(nv *driver.NamedValue) error {
	v, err := driver.DefaultParameterConverter.ConvertValue(nv.Value)
	if err != nil {
		return err
	}
	if b, ok := v.(bool); ok {
		v = int64(0)
		if b {
			v = int64(1)
		}
	}
	nv.Value = v
	return nil
}

var rebound sync.Map // query → rewritten query

// rebind rewrites the `?` placeholders of query to `$1, $2...` (and a
// numbered `?2` to `$2`), leaving those inside quotes and comments alone.
func rebind(query string) string {
	if !strings.Contains(query, "?") {
		return query
	}
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	n := 0
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'' || c == '"':
			j := i + 1
			for j < len(query) && query[j] != c {
				j++
			}
			b.WriteString(query[i:min(j+1, len(query))])
			i = j
		case c == '-' && i+1 < len(query) && query[i+1] == '-':
			j := strings.IndexByte(query[i:], '\n')
			if j < 0 {
				j = len(query) - i
			}
			b.WriteString(query[i : i+j])
			i += j - 1
		case c == '?' && i+1 < len(query) && query[i+1] >= '1' && query[i+1] <= '9':
			// ?NNN names its parameter, as SQLite allows: $NNN.
			j := i + 1
			for j < len(query) && query[j] >= '0' && query[j] <= '9' {
				j++
			}
			b.WriteString("$" + query[i+1:j])
			i = j - 1
		case c == '?':
			n++
			b.WriteString("$" + strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	rebound.Store(query, b.String())
	return b.String()
}

// vacuum runs VACUUM on every table of the schema, outside any
// transaction, as PostgreSQL requires.
func (db *DB) vacuum(ctx context.Context) error {
	var tables []string
	rows, err := db.read.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`)
	if err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return fmt.Errorf("vacuum: %w", err)
		}
		tables = append(tables, quoteIdent(db.pg.schema)+"."+quoteIdent(t))
	}
	rows.Close()
	if len(tables) == 0 {
		return nil
	}
	if _, err := db.write.ExecContext(ctx, `VACUUM `+strings.Join(tables, ", ")); err != nil {
		return fmt.Errorf("vacuum: %w", err)
	}
	return nil
}

func (db *DB) pgSettings(ctx context.Context) (map[string]string, error) {
	out := map[string]string{}
	for _, name := range []string{"statement_timeout", "lock_timeout", "default_transaction_isolation", "server_version"} {
		var v string
		if err := db.read.QueryRowContext(ctx, "SHOW "+name).Scan(&v); err != nil {
			return nil, fmt.Errorf("store: setting %s: %w", name, err)
		}
		out[name] = v
	}
	return out, nil
}

// CreateSchema creates an empty schema in the database at rawURL and
// returns a URL whose connections use it (search_path), for a test or an
// installation that shares a database with others.
func CreateSchema(ctx context.Context, rawURL, schema string) (string, error) {
	if err := pgExec(ctx, rawURL, `CREATE SCHEMA `+quoteIdent(schema)); err != nil {
		return "", fmt.Errorf("store: create schema %s: %w", schema, err)
	}
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("store: create schema %s: %w", schema, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// DropSchema drops a schema CreateSchema made, with everything in it.
func DropSchema(ctx context.Context, rawURL, schema string) error {
	if err := pgExec(ctx, rawURL, `DROP SCHEMA IF EXISTS `+quoteIdent(schema)+` CASCADE`); err != nil {
		return fmt.Errorf("store: drop schema %s: %w", schema, err)
	}
	return nil
}

func pgExec(ctx context.Context, rawURL, stmt string) error {
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	_, err = conn.Exec(ctx, stmt)
	return err
}
