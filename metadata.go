package athenaq

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"
)

// Database is a database of a data catalog.
type Database struct {
	Name        string
	Description string
	Parameters  map[string]string
}

// Table describes a table or view. Column types use Hive spelling
// (int, array<string>), as the catalog stores them.
type Table struct {
	Name           string
	Type           string // EXTERNAL_TABLE or VIRTUAL_VIEW
	Columns        []TableColumn
	PartitionKeys  []TableColumn
	Location       string
	InputFormat    string
	OutputFormat   string
	SerDe          string
	Parameters     map[string]string
	CreateTime     time.Time
	LastAccessTime time.Time
}

// TableColumn is a column of a Table.
type TableColumn struct {
	Name    string
	Type    string
	Comment string
}

// WorkGroup is an Athena work group.
type WorkGroup struct {
	Name          string
	State         string
	Description   string
	EngineVersion string
	Created       time.Time
}

// Catalog is a data catalog.
type Catalog struct {
	Name string
	Type string // GLUE, LAMBDA, HIVE or FEDERATED
}

func (c *Client) catalogOr(name string) string {
	if name == "" {
		return c.cfg.Catalog
	}
	return name
}

// Databases lists the databases of a catalog ("" for Config.Catalog),
// following every page.
func (c *Client) Databases(ctx context.Context, catalog string) ([]Database, error) {
	var out []Database
	in := &athena.ListDatabasesInput{CatalogName: aws.String(c.catalogOr(catalog)), WorkGroup: aws.String(c.cfg.WorkGroup)}
	for {
		var page *athena.ListDatabasesOutput
		err := c.call(ctx, "ListDatabases", func(ctx context.Context) error {
			var err error
			page, err = c.api.ListDatabases(ctx, in)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("athenaq: list databases: %w", err)
		}
		for _, d := range page.DatabaseList {
			out = append(out, Database{Name: aws.ToString(d.Name), Description: aws.ToString(d.Description), Parameters: d.Parameters})
		}
		if page.NextToken == nil {
			return out, nil
		}
		in.NextToken = page.NextToken
	}
}

// Tables lists the tables and views of a database ("" for
// Config.Database) whose names match expression, a regular expression (""
// matches all).
func (c *Client) Tables(ctx context.Context, catalog, database, expression string) ([]Table, error) {
	if database == "" {
		database = c.cfg.Database
	}
	in := &athena.ListTableMetadataInput{CatalogName: aws.String(c.catalogOr(catalog)), DatabaseName: aws.String(database),
		WorkGroup: aws.String(c.cfg.WorkGroup)}
	if expression != "" {
		in.Expression = aws.String(expression)
	}
	var out []Table
	for {
		var page *athena.ListTableMetadataOutput
		err := c.call(ctx, "ListTableMetadata", func(ctx context.Context) error {
			var err error
			page, err = c.api.ListTableMetadata(ctx, in)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("athenaq: list tables of %s: %w", database, err)
		}
		for i := range page.TableMetadataList {
			out = append(out, tableFrom(&page.TableMetadataList[i]))
		}
		if page.NextToken == nil {
			return out, nil
		}
		in.NextToken = page.NextToken
	}
}

// Table describes one table or view.
func (c *Client) Table(ctx context.Context, catalog, database, name string) (Table, error) {
	if database == "" {
		database = c.cfg.Database
	}
	var out *athena.GetTableMetadataOutput
	err := c.call(ctx, "GetTableMetadata", func(ctx context.Context) error {
		var err error
		out, err = c.api.GetTableMetadata(ctx, &athena.GetTableMetadataInput{CatalogName: aws.String(c.catalogOr(catalog)),
			DatabaseName: aws.String(database), TableName: aws.String(name), WorkGroup: aws.String(c.cfg.WorkGroup)})
		return err
	})
	if err != nil {
		return Table{}, fmt.Errorf("athenaq: table %s.%s: %w", database, name, err)
	}
	return tableFrom(out.TableMetadata), nil
}

func tableFrom(t *types.TableMetadata) Table {
	cols := func(in []types.Column) []TableColumn {
		out := make([]TableColumn, len(in))
		for i, c := range in {
			out[i] = TableColumn{Name: aws.ToString(c.Name), Type: aws.ToString(c.Type), Comment: aws.ToString(c.Comment)}
		}
		return out
	}
	return Table{
		Name: aws.ToString(t.Name), Type: aws.ToString(t.TableType), Columns: cols(t.Columns), PartitionKeys: cols(t.PartitionKeys),
		Parameters: t.Parameters, Location: t.Parameters["location"], InputFormat: t.Parameters["inputformat"],
		OutputFormat: t.Parameters["outputformat"], SerDe: t.Parameters["serde.serialization.lib"],
		CreateTime: aws.ToTime(t.CreateTime), LastAccessTime: aws.ToTime(t.LastAccessTime),
	}
}

// Queries returns the most recent queries of a work group ("" for
// Config.WorkGroup), newest first, at most limit of them (0 means 50),
// with their full status.
func (c *Client) Queries(ctx context.Context, workGroup string, limit int) ([]Status, error) {
	if workGroup == "" {
		workGroup = c.cfg.WorkGroup
	}
	if limit <= 0 {
		limit = 50
	}
	ids, err := c.recentQueryIDs(ctx, workGroup, limit)
	if err != nil {
		return nil, err
	}
	return c.statuses(ctx, ids)
}

func (c *Client) recentQueryIDs(ctx context.Context, workGroup string, limit int) ([]string, error) {
	var ids []string
	in := &athena.ListQueryExecutionsInput{WorkGroup: aws.String(workGroup)}
	for len(ids) < limit {
		in.MaxResults = aws.Int32(int32(min(50, limit-len(ids))))
		var page *athena.ListQueryExecutionsOutput
		err := c.call(ctx, "ListQueryExecutions", func(ctx context.Context) error {
			var err error
			page, err = c.api.ListQueryExecutions(ctx, in)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("athenaq: list queries of %s: %w", workGroup, err)
		}
		ids = append(ids, page.QueryExecutionIds...)
		if page.NextToken == nil {
			break
		}
		in.NextToken = page.NextToken
	}
	if len(ids) > limit {
		ids = ids[:limit]
	}
	return ids, nil
}

// statuses fetches the status of ids, 50 per BatchGetQueryExecution call,
// in the order of ids.
func (c *Client) statuses(ctx context.Context, ids []string) ([]Status, error) {
	out := make([]Status, 0, len(ids))
	for start := 0; start < len(ids); start += 50 {
		batch := ids[start:min(start+50, len(ids))]
		var page *athena.BatchGetQueryExecutionOutput
		err := c.call(ctx, "BatchGetQueryExecution", func(ctx context.Context) error {
			var err error
			page, err = c.api.BatchGetQueryExecution(ctx, &athena.BatchGetQueryExecutionInput{QueryExecutionIds: batch})
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("athenaq: query statuses: %w", err)
		}
		byID := make(map[string]Status, len(page.QueryExecutions))
		for i := range page.QueryExecutions {
			st := statusFrom(&page.QueryExecutions[i])
			byID[st.QueryID] = st
		}
		for _, id := range batch {
			if st, ok := byID[id]; ok {
				out = append(out, st)
			}
		}
	}
	return out, nil
}

// WorkGroups lists the account's work groups.
func (c *Client) WorkGroups(ctx context.Context) ([]WorkGroup, error) {
	var out []WorkGroup
	in := &athena.ListWorkGroupsInput{}
	for {
		var page *athena.ListWorkGroupsOutput
		err := c.call(ctx, "ListWorkGroups", func(ctx context.Context) error {
			var err error
			page, err = c.api.ListWorkGroups(ctx, in)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("athenaq: list work groups: %w", err)
		}
		for _, w := range page.WorkGroups {
			wg := WorkGroup{Name: aws.ToString(w.Name), State: string(w.State), Description: aws.ToString(w.Description), Created: aws.ToTime(w.CreationTime)}
			if w.EngineVersion != nil {
				wg.EngineVersion = aws.ToString(w.EngineVersion.EffectiveEngineVersion)
			}
			out = append(out, wg)
		}
		if page.NextToken == nil {
			return out, nil
		}
		in.NextToken = page.NextToken
	}
}

// Catalogs lists the data catalogs.
func (c *Client) Catalogs(ctx context.Context) ([]Catalog, error) {
	var out []Catalog
	in := &athena.ListDataCatalogsInput{}
	for {
		var page *athena.ListDataCatalogsOutput
		err := c.call(ctx, "ListDataCatalogs", func(ctx context.Context) error {
			var err error
			page, err = c.api.ListDataCatalogs(ctx, in)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("athenaq: list catalogs: %w", err)
		}
		for _, s := range page.DataCatalogsSummary {
			out = append(out, Catalog{Name: aws.ToString(s.CatalogName), Type: string(s.Type)})
		}
		if page.NextToken == nil {
			return out, nil
		}
		in.NextToken = page.NextToken
	}
}

// Ping checks that the client can reach Athena and its work group.
func (c *Client) Ping(ctx context.Context) error {
	err := c.call(ctx, "GetWorkGroup", func(ctx context.Context) error {
		_, err := c.api.GetWorkGroup(ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String(c.cfg.WorkGroup)})
		return err
	})
	if err != nil {
		return fmt.Errorf("athenaq: ping work group %s: %w", c.cfg.WorkGroup, err)
	}
	return nil
}
