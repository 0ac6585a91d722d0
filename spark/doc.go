// Package spark runs code on Athena for Apache Spark: sessions, and
// calculations in them, through an athenaq.Client.
//
//	client, err := athenaq.Open(ctx, athenaq.Config{Region: "us-east-1", WorkGroup: "spark-wg"})
//	if err != nil {
//		return err
//	}
//	defer client.Close()
//
//	s, err := spark.Start(ctx, client, spark.SessionConfig{MaxConcurrentDPUs: 4})
//	if err != nil {
//		return err // a *spark.SessionError names the state and Athena's reason
//	}
//	defer s.Close(context.Background()) // terminates the session
//
//	calc, err := s.Run(ctx, "%%sql\nSELECT 1 AS one")
//	if err != nil {
//		return err
//	}
//	if _, err := calc.Wait(ctx); err != nil {
//		return err // a *spark.CalculationError carries the stderr text
//	}
//	out, err := calc.Stdout(ctx) // the table as Spark's show() draws it
//
// # Sessions
//
// Start creates a session (StartSession) in a Spark-enabled work group and
// waits until it is IDLE. It fails with a *SessionError when the session
// ends FAILED, DEGRADED, TERMINATING or TERMINATED instead, and stops
// polling at once. Whatever makes Start fail after Athena created the
// session, including ctx ending while it waits, the session is terminated
// in the background: no half-made session is left running.
//
// Attach makes a handle on a session created elsewhere. Close terminates a
// session that Start created and waits for TERMINATED; it leaves an
// attached session running for its other users, and Terminate ends any
// session explicitly.
//
// # Calculations
//
// Run submits a code block, Python or SQL after a "%%sql" line, and
// returns a *Calculation at once. Its Wait blocks until a final state; Done
// gives a channel for select loops; Status shows the state, DPU time and
// progress last seen; Stdout, Stderr and Result read the S3 files that the
// calculation points to, with the client's S3 client. A FAILED calculation
// makes Wait return a *CalculationError that carries the stderr text.
//
// A Session is safe for concurrent use: many goroutines may Run on it at
// once. Athena runs a session's calculations one at a time, so those
// submitted while another runs wait in Athena; run independent work in
// several sessions to run it in parallel.
//
// # Cancellation
//
// When the context of Wait ends, Wait returns at once with an error that
// matches the context's error under errors.Is, and the client stops the
// calculation (StopCalculationExecution) in the background, unless
// athenaq.Config.DetachOnCancel or RunOptions.DetachOnCancel is set. Cancel
// stops a calculation and waits until the poller sees it CANCELED.
//
// # Polling and limits
//
// Status checks go through the client's machinery, as for queries: each
// call waits for the operation's token bucket in athenaq.Config.APILimits
// and retries throttling with backoff. One poller per client checks its
// calculations, and the sessions being waited for, each on its own
// schedule (a fifth of its age, clamped between Config.PollInterval and
// Config.MaxPollInterval). Athena has no batch call for them, so each
// check is one GetCalculationExecutionStatus or GetSessionStatus call.
// athenaq.Client.Close stops this poller too; the handles' waits then
// return athenaq.ErrClosed, while sessions and calculations keep running
// in Athena.
package spark
