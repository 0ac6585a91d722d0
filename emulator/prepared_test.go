package emulator_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/athenatest"
	"github.com/athenaq/athenaq/emulator"
)

func TestPreparedStatementAPI(t *testing.T) {
	h := newHarness(t, athenatest.WithOptions(emulator.Options{WorkGroups: []emulator.WorkGroup{{Name: "other"}}}))
	ctx := h.ctx
	create := func(name, wg, sql, desc string) error {
		in := &athena.CreatePreparedStatementInput{StatementName: aws.String(name), WorkGroup: aws.String(wg), QueryStatement: aws.String(sql)}
		if desc != "" {
			in.Description = aws.String(desc)
		}
		_, err := h.ath.CreatePreparedStatement(ctx, in)
		return err
	}
	if err := create("stmt_a", "primary", "SELECT ? AS x", "first"); err != nil {
		t.Fatalf("Create: %v", err)
	}
	// A second create of the same name fails; another work group is separate.
	var ire *types.InvalidRequestException
	if err := create("stmt_a", "primary", "SELECT 2", ""); !errors.As(err, &ire) {
		t.Fatalf("Create of an existing name: %v, want InvalidRequestException", err)
	}
	if err := create("stmt_a", "other", "SELECT 3", ""); err != nil {
		t.Fatalf("Create in another work group: %v", err)
	}
	if err := create("stmt_b", "nosuch", "SELECT 3", ""); !errors.As(err, &ire) || ire.ErrorMessage() != "WorkGroup is not found." {
		t.Fatalf("Create in an unknown work group: %v", err)
	}

	got, err := h.ath.GetPreparedStatement(ctx, &athena.GetPreparedStatementInput{StatementName: aws.String("stmt_a"), WorkGroup: aws.String("primary")})
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	ps := got.PreparedStatement
	if aws.ToString(ps.StatementName) != "stmt_a" || aws.ToString(ps.QueryStatement) != "SELECT ? AS x" ||
		aws.ToString(ps.WorkGroupName) != "primary" || aws.ToString(ps.Description) != "first" || ps.LastModifiedTime == nil {
		t.Fatalf("Get = %+v", ps)
	}
	var rnf *types.ResourceNotFoundException
	_, err = h.ath.GetPreparedStatement(ctx, &athena.GetPreparedStatementInput{StatementName: aws.String("missing"), WorkGroup: aws.String("primary")})
	if !errors.As(err, &rnf) || aws.ToString(rnf.ResourceName) != "missing" {
		t.Fatalf("Get of a missing statement: %v, want ResourceNotFoundException naming it", err)
	}

	// Update replaces the text and description; a missing name fails.
	if _, err := h.ath.UpdatePreparedStatement(ctx, &athena.UpdatePreparedStatementInput{StatementName: aws.String("stmt_a"),
		WorkGroup: aws.String("primary"), QueryStatement: aws.String("SELECT ? + 1 AS y"), Description: aws.String("second")}); err != nil {
		t.Fatalf("Update: %v", err)
	}
	got, err = h.ath.GetPreparedStatement(ctx, &athena.GetPreparedStatementInput{StatementName: aws.String("stmt_a"), WorkGroup: aws.String("primary")})
	if err != nil || aws.ToString(got.PreparedStatement.QueryStatement) != "SELECT ? + 1 AS y" || aws.ToString(got.PreparedStatement.Description) != "second" {
		t.Fatalf("Get after Update = %+v, %v", got, err)
	}
	if _, err := h.ath.UpdatePreparedStatement(ctx, &athena.UpdatePreparedStatementInput{StatementName: aws.String("missing"),
		WorkGroup: aws.String("primary"), QueryStatement: aws.String("SELECT 1")}); !errors.As(err, &rnf) {
		t.Fatalf("Update of a missing statement: %v", err)
	}

	// List pages through names in order.
	for i := 5; i >= 1; i-- {
		if err := create(fmt.Sprintf("page_%d", i), "primary", "SELECT 1", ""); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	pages := 0
	p := athena.NewListPreparedStatementsPaginator(h.ath, &athena.ListPreparedStatementsInput{WorkGroup: aws.String("primary"), MaxResults: aws.Int32(2)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			t.Fatalf("List: %v", err)
		}
		pages++
		for _, s := range page.PreparedStatements {
			if s.LastModifiedTime == nil {
				t.Errorf("List: %s has no LastModifiedTime", aws.ToString(s.StatementName))
			}
			names = append(names, aws.ToString(s.StatementName))
		}
	}
	if want := "page_1,page_2,page_3,page_4,page_5,stmt_a"; strings.Join(names, ",") != want || pages != 3 {
		t.Fatalf("List = %v in %d pages, want %s in 3", names, pages, want)
	}
	if _, err := h.ath.ListPreparedStatements(ctx, &athena.ListPreparedStatementsInput{WorkGroup: aws.String("primary"),
		NextToken: aws.String("bogus")}); !errors.As(err, &ire) {
		t.Fatalf("List with a bad token: %v", err)
	}
	if _, err := h.ath.ListPreparedStatements(ctx, &athena.ListPreparedStatementsInput{WorkGroup: aws.String("nosuch")}); !errors.As(err, &ire) {
		t.Fatalf("List of an unknown work group: %v", err)
	}

	// BatchGet returns the known names and lists the others.
	bg, err := h.ath.BatchGetPreparedStatement(ctx, &athena.BatchGetPreparedStatementInput{WorkGroup: aws.String("primary"),
		PreparedStatementNames: []string{"stmt_a", "missing", "page_2"}})
	if err != nil {
		t.Fatalf("BatchGet: %v", err)
	}
	if len(bg.PreparedStatements) != 2 || aws.ToString(bg.PreparedStatements[0].StatementName) != "stmt_a" ||
		aws.ToString(bg.PreparedStatements[1].StatementName) != "page_2" {
		t.Fatalf("BatchGet statements = %+v", bg.PreparedStatements)
	}
	if u := bg.UnprocessedPreparedStatementNames; len(u) != 1 || aws.ToString(u[0].StatementName) != "missing" ||
		aws.ToString(u[0].ErrorCode) != "STATEMENT_NOT_FOUND" {
		t.Fatalf("BatchGet unprocessed = %+v", u)
	}

	// Delete removes; a second delete fails.
	del := func(name string) error {
		_, err := h.ath.DeletePreparedStatement(ctx, &athena.DeletePreparedStatementInput{StatementName: aws.String(name), WorkGroup: aws.String("primary")})
		return err
	}
	if err := del("stmt_a"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if err := del("stmt_a"); !errors.As(err, &rnf) {
		t.Fatalf("second Delete: %v, want ResourceNotFoundException", err)
	}
	if _, err := h.ath.GetPreparedStatement(ctx, &athena.GetPreparedStatementInput{StatementName: aws.String("stmt_a"),
		WorkGroup: aws.String("other")}); err != nil {
		t.Fatalf("the other work group's stmt_a is gone: %v", err)
	}
}

func TestPreparedStatementSQL(t *testing.T) {
	h := newHarness(t)
	qe := h.run("PREPARE my_select FROM SELECT ? AS a, ? AS b")
	if string(qe.StatementType) != "DDL" || !strings.HasSuffix(aws.ToString(qe.ResultConfiguration.OutputLocation), ".txt") {
		t.Fatalf("PREPARE: type %s, output %s", string(qe.StatementType), aws.ToString(qe.ResultConfiguration.OutputLocation))
	}
	id := aws.ToString(qe.QueryExecutionId)
	if body, err := h.object(athenatest.Bucket, "results/"+id+".txt"); err != nil || len(body) != 0 {
		t.Fatalf("PREPARE result file: %q, %v", body, err)
	}
	got, err := h.ath.GetPreparedStatement(h.ctx, &athena.GetPreparedStatementInput{StatementName: aws.String("my_select"), WorkGroup: aws.String("primary")})
	if err != nil || aws.ToString(got.PreparedStatement.QueryStatement) != "SELECT ? AS a, ? AS b" {
		t.Fatalf("GetPreparedStatement after PREPARE = %+v, %v", got, err)
	}

	qe = h.run("EXECUTE my_select USING 1 + 1, 'it''s'")
	if string(qe.StatementType) != "DML" || aws.ToString(qe.SubstatementType) != "EXECUTE" {
		t.Fatalf("EXECUTE classified %s/%s", string(qe.StatementType), aws.ToString(qe.SubstatementType))
	}
	id = aws.ToString(qe.QueryExecutionId)
	if rows := joinRows(h.rows(id)); rows != "a|b\n2|it's" {
		t.Fatalf("EXECUTE rows = %q", rows)
	}
	body, err := h.object(athenatest.Bucket, "results/"+id+".csv")
	if err != nil || string(body) != "\"a\",\"b\"\n\"2\",\"it's\"\n" {
		t.Fatalf("EXECUTE csv = %q, %v", body, err)
	}
	if _, err := h.object(athenatest.Bucket, "results/"+id+".csv.metadata"); err != nil {
		t.Fatalf("EXECUTE companion: %v", err)
	}

	// An API-created statement runs too, with ExecutionParameters when
	// there is no USING.
	if _, err := h.ath.CreatePreparedStatement(h.ctx, &athena.CreatePreparedStatementInput{StatementName: aws.String("api_stmt"),
		WorkGroup: aws.String("primary"), QueryStatement: aws.String("SELECT x * 10 AS y FROM (VALUES 1, 2, 3) t(x) WHERE x >= ? ORDER BY x")}); err != nil {
		t.Fatal(err)
	}
	if rows := joinRows(h.query("EXECUTE api_stmt USING 2")); rows != "20\n30" {
		t.Fatalf("EXECUTE api_stmt USING 2 = %q", rows)
	}
	if rows := joinRows(h.query("EXECUTE api_stmt", "3")); rows != "30" {
		t.Fatalf("EXECUTE api_stmt with parameters = %q", rows)
	}
	// With USING, they bind to the ? markers of the USING list.
	if rows := joinRows(h.query("EXECUTE api_stmt USING ?", "3")); rows != "30" {
		t.Fatalf("EXECUTE api_stmt USING ? with parameters = %q", rows)
	}

	// PREPARE of an existing name replaces it.
	h.run("PREPARE my_select FROM SELECT 'replaced' AS c")
	if rows := joinRows(h.query("EXECUTE my_select")); rows != "replaced" {
		t.Fatalf("EXECUTE after re-PREPARE = %q", rows)
	}

	h.run("DEALLOCATE PREPARE my_select")
	var rnf *types.ResourceNotFoundException
	if _, err := h.ath.GetPreparedStatement(h.ctx, &athena.GetPreparedStatementInput{StatementName: aws.String("my_select"),
		WorkGroup: aws.String("primary")}); !errors.As(err, &rnf) {
		t.Fatalf("Get after DEALLOCATE: %v", err)
	}
	for _, sql := range []string{"EXECUTE my_select", "DEALLOCATE PREPARE my_select"} {
		qe := h.fail(sql)
		if reason := aws.ToString(qe.Status.StateChangeReason); reason != "NOT_FOUND: Prepared statement not found: my_select" {
			t.Errorf("%s: reason %q", sql, reason)
		}
	}

	// Malformed forms are rejected at start.
	for _, sql := range []string{"PREPARE p1 SELECT 1", "PREPARE p1 FROM", "EXECUTE p1 USING", "EXECUTE p1 USING 1,", "DEALLOCATE PREPARE"} {
		_, err := h.ath.StartQueryExecution(h.ctx, &athena.StartQueryExecutionInput{QueryString: aws.String(sql),
			ResultConfiguration: &types.ResultConfiguration{OutputLocation: aws.String(h.env.Config.OutputLocation)}})
		var ire *types.InvalidRequestException
		if !errors.As(err, &ire) || !strings.Contains(ire.ErrorMessage(), "mismatched input") {
			t.Errorf("%q: %v, want a MALFORMED_QUERY rejection", sql, err)
		}
	}
}
