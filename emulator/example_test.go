package emulator_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	"github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/athenaq/athenaq/emulator"
)

// Run a query on the emulator with the plain AWS SDK.
func Example() {
	srv, err := emulator.New(emulator.Options{OutputLocation: "s3://example-results/"})
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	client := athena.New(athena.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL()),
		Credentials: credentials.NewStaticCredentialsProvider("any", "any", "")})

	started, err := client.StartQueryExecution(ctx, &athena.StartQueryExecutionInput{QueryString: aws.String("SELECT 6 * 7 AS answer")})
	if err != nil {
		log.Fatal(err)
	}
	for {
		out, err := client.GetQueryExecution(ctx, &athena.GetQueryExecutionInput{QueryExecutionId: started.QueryExecutionId})
		if err != nil {
			log.Fatal(err)
		}
		if out.QueryExecution.Status.State == types.QueryExecutionStateSucceeded {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	res, err := client.GetQueryResults(ctx, &athena.GetQueryResultsInput{QueryExecutionId: started.QueryExecutionId})
	if err != nil {
		log.Fatal(err)
	}
	for _, row := range res.ResultSet.Rows { // the first row holds the labels
		fmt.Println(aws.ToString(row.Data[0].VarCharValue))
	}
	// Output:
	// answer
	// 42
}
