package athenaq_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/athenaq/athenaq"
	"github.com/athenaq/athenaq/athenatest"
)

// fakeSTS answers AssumeRole with credentials that expire soon, and records
// each request's parameters.
type fakeSTS struct {
	mu       sync.Mutex
	requests []url.Values
}

func (f *fakeSTS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.Form.Get("Action") != "AssumeRole" {
		http.Error(w, "want AssumeRole", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	f.requests = append(f.requests, r.Form)
	n := len(f.requests)
	f.mu.Unlock()
	// 20 s of validity: inside the client's expiry window (30 to 60 s
	// with jitter) at once, so every use refreshes.
	exp := time.Now().Add(20 * time.Second).UTC().Format(time.RFC3339)
	w.Header().Set("Content-Type", "text/xml")
	fmt.Fprintf(w, `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>
<Credentials><AccessKeyId>ASIAROLE%d</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken><Expiration>%s</Expiration></Credentials>
<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn><AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser>
</AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></AssumeRoleResponse>`, n, exp)
}

func TestAssumeRoleCredentialsAreFetchedAndRefreshed(t *testing.T) {
	sts := &fakeSTS{}
	stsSrv := httptest.NewServer(sts)
	defer stsSrv.Close()
	env := athenatest.Start(t)
	cfg := withEnv(env, athenaq.Config{RoleARN: "arn:aws:iam::123456789012:role/r", ExternalID: "ext-1", RoleSessionName: "etl",
		RoleDuration: 15 * time.Minute, MFASerial: "arn:aws:iam::123456789012:mfa/u", MFATokenProvider: func() (string, error) { return "123456", nil }})
	// The base credentials call STS; BaseEndpoint points the STS client at
	// the fake (the Athena endpoint is set separately).
	cfg.AWS = &aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(stsSrv.URL),
		Credentials: credentials.NewStaticCredentialsProvider("base", "base", "")}
	c, err := athenaq.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for range 2 {
		if _, err := c.Exec(context.Background(), "SELECT 1"); err != nil {
			t.Fatal(err)
		}
	}
	sts.mu.Lock()
	defer sts.mu.Unlock()
	if len(sts.requests) < 2 {
		t.Fatalf("%d AssumeRole calls, want a refresh (at least 2)", len(sts.requests))
	}
	f := sts.requests[0]
	if f.Get("RoleArn") != cfg.RoleARN || f.Get("ExternalId") != "ext-1" || f.Get("RoleSessionName") != "etl" ||
		f.Get("DurationSeconds") != "900" || f.Get("SerialNumber") != cfg.MFASerial || f.Get("TokenCode") != "123456" {
		t.Errorf("AssumeRole parameters = %v", f)
	}
}
