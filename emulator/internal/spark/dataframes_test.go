package spark

import "testing"

func TestWithViewsPutsMentionedViewsFirst(t *testing.T) {
	tests := []struct {
		name  string
		sql   string
		views map[string]string
		want  string
		fails bool
	}{
		{name: "no views", sql: "SELECT 1", want: "SELECT 1"},
		{name: "unmentioned view", sql: "SELECT * FROM t", views: map[string]string{"v": "SELECT 1"}, want: "SELECT * FROM t"},
		{name: "one view", sql: "SELECT * FROM V", views: map[string]string{"v": "SELECT 1 AS a"},
			want: `WITH "v" AS (SELECT 1 AS a) SELECT * FROM V`},
		{name: "view over view, dependencies first", sql: "SELECT * FROM b",
			views: map[string]string{"a": "SELECT 1 AS x", "b": "SELECT * FROM a"},
			want:  `WITH "a" AS (SELECT 1 AS x), "b" AS (SELECT * FROM a) SELECT * FROM b`},
		{name: "statement with its own WITH", sql: "with w AS (SELECT * FROM v) SELECT * FROM w",
			views: map[string]string{"v": "SELECT 2"},
			want:  `WITH "v" AS (SELECT 2), w AS (SELECT * FROM v) SELECT * FROM w`},
		{name: "cycle", sql: "SELECT * FROM a", views: map[string]string{"a": "SELECT * FROM b", "b": "SELECT * FROM a"}, fails: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := withViews(tt.sql, tt.views)
			if tt.fails {
				if err == nil {
					t.Errorf("withViews = %q, want an error", got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("withViews = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
}
