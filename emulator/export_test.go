package emulator

// SetHistoryLimit makes a server built from o keep n queries in its history
// instead of 10,000.
func SetHistoryLimit(o *Options, n int) { o.historyLimit = n }

// HistoryFileName is the query history file under Options.DataDir.
const HistoryFileName = historyFileName

// S3Pattern is the listing prefix and key matcher of a DuckDB S3 URL's key.
var S3Pattern = s3Pattern
