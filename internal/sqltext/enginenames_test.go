package sqltext

import "testing"

func TestEngineNamesDropsTheCatalogAndQuotesDefault(t *testing.T) {
	tests := []struct{ sql, want string }{
		{"SELECT n FROM default.t", `SELECT n FROM "default".t`},
		{"SELECT default.t.n FROM default.t", `SELECT "default".t.n FROM "default".t`},
		{"SELECT n FROM awsdatacatalog.default.t", `SELECT n FROM "default".t`},
		{"SELECT n FROM AwsDataCatalog . sales . t JOIN \"awsdatacatalog\".x.y ON true", `SELECT n FROM sales . t JOIN x.y ON true`},
		{`SELECT n FROM "default".t`, `SELECT n FROM "default".t`},
		{"SELECT default FROM t", "SELECT default FROM t"},
		{"SELECT 'default.t', n FROM awsdatacatalog.t", "SELECT 'default.t', n FROM awsdatacatalog.t"},
		{"SELECT t.default FROM s.t", `SELECT t."default" FROM s.t`},
		{"SELECT 'unclosed", "SELECT 'unclosed"},
	}
	for _, tt := range tests {
		if got := EngineNames(tt.sql); got != tt.want {
			t.Errorf("EngineNames(%q) = %q, want %q", tt.sql, got, tt.want)
		}
	}
}
