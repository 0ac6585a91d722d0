package protocol

import (
	"regexp"
	"slices"
)

// This file holds the request side of the Athena service model (API
// 2017-05-18, botocore's service-2.json and FACTS §2, §6): for each operation
// the input members in model order, their JSON types and their framework
// constraints. Decode checks types against it (decode.go) and then the
// constraints (validate.go). Member order matters: validation errors are
// listed in it.

// Operations lists the operations Decode and Route know, sorted by name.
var Operations = operationNames()

// kind is the JSON type a member must have.
type kind uint8

const (
	kindString  kind = iota
	kindInteger      // a 32-bit Integer
	kindLong         // a 64-bit Long
	kindBoolean
	kindList      // elements are elem
	kindStructure // members are members
	kindDocument  // any JSON object, contents unchecked and ignored
	kindMap       // a JSON object of string keys; values are elem
)

// shape is a model shape with its constraints.
type shape struct {
	kind kind

	// lenMin and lenMax bound the length of a string (in characters) or a
	// list (in elements); 0 means no bound.
	lenMin, lenMax int

	// valMin and valMax bound an integer when hasMin and hasMax are set.
	valMin, valMax int64
	hasMin, hasMax bool

	// pattern must match the whole string; patternText is the pattern as the
	// model spells it, which is what the error message quotes.
	pattern     *regexp.Regexp
	patternText string

	enum []string // allowed values, in model order

	elem    *shape   // kindList and kindMap
	members []member // kindStructure, in model order
}

// member is a structure member: its PascalCase wire name and its shape.
type member struct {
	name     string
	shape    *shape
	required bool
}

// memberNamed returns the member called name (case-sensitive, as the wire
// is), or nil.
func (s *shape) memberNamed(name string) *member {
	for i := range s.members {
		if s.members[i].name == name {
			return &s.members[i]
		}
	}
	return nil
}

func stringShape(lenMin, lenMax int) *shape {
	return &shape{kind: kindString, lenMin: lenMin, lenMax: lenMax}
}

// patterned returns a string shape whose values must match goExpr as a whole;
// javaText is the model's spelling, quoted in error messages.
func patterned(lenMin, lenMax int, javaText, goExpr string) *shape {
	s := stringShape(lenMin, lenMax)
	s.pattern = regexp.MustCompile(`^(?:` + goExpr + `)$`)
	s.patternText = javaText
	return s
}

func enumShape(values ...string) *shape {
	return &shape{kind: kindString, enum: values}
}

func integerShape(min, max int64) *shape {
	return &shape{kind: kindInteger, valMin: min, valMax: max, hasMin: true, hasMax: true}
}

func listShape(elem *shape, lenMin, lenMax int) *shape {
	return &shape{kind: kindList, elem: elem, lenMin: lenMin, lenMax: lenMax}
}

func structureShape(members ...member) *shape {
	return &shape{kind: kindStructure, members: members}
}

func required(name string, s *shape) member { return member{name: name, shape: s, required: true} }
func optional(name string, s *shape) member { return member{name: name, shape: s} }

// Simple shapes, named as in the model.
var (
	plainString  = stringShape(0, 0)
	booleanShape = &shape{kind: kindBoolean}
	documentAny  = &shape{kind: kindDocument}

	// Java's \S excludes the vertical tab that Go's \S admits, so spell it out.
	queryExecutionIDShape = patterned(1, 128, `\S+`, `[^ \t\n\x0B\f\r]+`)
	tokenShape            = stringShape(1, 1024)
	// The token's upper bound counts UTF-8 bytes on the service side; the
	// framework checks characters (see checkClientRequestToken).
	idempotencyTokenShape = stringShape(32, 128)
	queryStringShape      = stringShape(1, 262144)
	databaseStringShape   = stringShape(1, 255)
	nameStringShape       = stringShape(1, 128)
	expressionShape       = stringShape(0, 256)
	descriptionShape      = stringShape(1, 1024)
	// WorkGroupName has a pattern and no length bound.
	workGroupNameShape = patterned(0, 0, `[a-zA-Z0-9._-]{1,128}`, `[a-zA-Z0-9._-]{1,128}`)
	// The model's Java pattern names UTF-16 surrogate pairs; Go strings hold
	// code points, so the pairs become the supplementary planes.
	catalogNameShape = patterned(1, 256,
		`[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF\t]*`,
		`[\x{20}-\x{D7FF}\x{E000}-\x{FFFD}\x{10000}-\x{10FFFF}\t]*`)
	statementNameShape = patterned(1, 256, `[a-zA-Z_][a-zA-Z0-9_@:]{1,256}`, `[a-zA-Z_][a-zA-Z0-9_@:]{1,256}`)
	awsAccountIDShape  = patterned(12, 12, `^[0-9]+$`, `[0-9]+`)

	executionParametersShape  = listShape(stringShape(1, 1024), 1, 0)
	queryExecutionIDListShape = listShape(queryExecutionIDShape, 1, 50)
	statementNameListShape    = listShape(statementNameShape, 0, 0)

	encryptionOptionShape = enumShape("SSE_S3", "SSE_KMS", "CSE_KMS")
	s3AclOptionShape      = enumShape("BUCKET_OWNER_FULL_CONTROL")
	queryResultTypeShape  = enumShape("DATA_MANIFEST", "DATA_ROWS")

	ageShape = integerShape(0, 10080)
	// The model bounds GetQueryResults' MaxResults to 1..1000, but Athena's
	// framework only rejects values above 100000; the service answers
	// 1001..100000 with "MaxResults is more than maximum allowed length 1000"
	// after the id lookup (FACTS §2.4). That check belongs to the service.
	maxQueryResultsShape         = integerShape(1, 100000)
	maxQueryExecutionsCountShape = integerShape(0, 50)
	maxDataCatalogsCountShape    = integerShape(2, 50)
	maxDatabasesCountShape       = integerShape(1, 50)
	maxTableMetadataCountShape   = integerShape(1, 50)
	maxWorkGroupsCountShape      = integerShape(1, 50)
	maxEngineVersionsCountShape  = integerShape(1, 10)
	maxPreparedStatementsShape   = integerShape(1, 50)
)

// Structures shared by several operations.
var (
	queryExecutionContextShape = structureShape(
		optional("Database", databaseStringShape),
		optional("Catalog", catalogNameShape),
	)
	resultConfigurationShape = structureShape(
		optional("OutputLocation", plainString),
		optional("EncryptionConfiguration", structureShape(
			required("EncryptionOption", encryptionOptionShape),
			optional("KmsKey", plainString),
		)),
		optional("ExpectedBucketOwner", awsAccountIDShape),
		optional("AclConfiguration", structureShape(
			required("S3AclOption", s3AclOptionShape),
		)),
	)
	resultReuseConfigurationShape = structureShape(
		optional("ResultReuseByAgeConfiguration", structureShape(
			required("Enabled", booleanShape),
			optional("MaxAgeInMinutes", ageShape),
		)),
	)
)

// operation is what Decode knows about one operation.
type operation struct {
	input    *shape
	newInput func() any
	// check runs after the framework constraints pass, for the service-level
	// input checks that come before any lookup; nil for most operations.
	check func(any) *Error
}

// operations holds every operation Decode knows: the SQL side below, work
// group management (workgroups.go) and Athena for Apache Spark (spark.go).
var operations = mergeOperations(queryOperations, workGroupOperations, sparkOperations)

func mergeOperations(sets ...map[string]operation) map[string]operation {
	all := map[string]operation{}
	for _, set := range sets {
		for name, op := range set {
			all[name] = op
		}
	}
	return all
}

var queryOperations = map[string]operation{
	"StartQueryExecution": {
		input: structureShape(
			required("QueryString", queryStringShape),
			optional("ClientRequestToken", idempotencyTokenShape),
			optional("QueryExecutionContext", queryExecutionContextShape),
			optional("ResultConfiguration", resultConfigurationShape),
			optional("WorkGroup", workGroupNameShape),
			optional("ExecutionParameters", executionParametersShape),
			optional("ResultReuseConfiguration", resultReuseConfigurationShape),
			optional("EngineConfiguration", documentAny),
		),
		newInput: func() any { return new(StartQueryExecutionInput) },
		check:    checkClientRequestToken,
	},
	"GetQueryExecution": {
		input:    structureShape(required("QueryExecutionId", queryExecutionIDShape)),
		newInput: func() any { return new(GetQueryExecutionInput) },
	},
	"BatchGetQueryExecution": {
		input:    structureShape(required("QueryExecutionIds", queryExecutionIDListShape)),
		newInput: func() any { return new(BatchGetQueryExecutionInput) },
	},
	"GetQueryResults": {
		input: structureShape(
			required("QueryExecutionId", queryExecutionIDShape),
			optional("NextToken", tokenShape),
			optional("MaxResults", maxQueryResultsShape),
			optional("QueryResultType", queryResultTypeShape),
		),
		newInput: func() any { return new(GetQueryResultsInput) },
	},
	"StopQueryExecution": {
		input:    structureShape(required("QueryExecutionId", queryExecutionIDShape)),
		newInput: func() any { return new(StopQueryExecutionInput) },
	},
	"ListQueryExecutions": {
		input: structureShape(
			optional("NextToken", tokenShape),
			optional("MaxResults", maxQueryExecutionsCountShape),
			optional("WorkGroup", workGroupNameShape),
		),
		newInput: func() any { return new(ListQueryExecutionsInput) },
	},
	"GetQueryRuntimeStatistics": {
		input:    structureShape(required("QueryExecutionId", queryExecutionIDShape)),
		newInput: func() any { return new(GetQueryRuntimeStatisticsInput) },
	},
	"ListDataCatalogs": {
		input: structureShape(
			optional("NextToken", tokenShape),
			optional("MaxResults", maxDataCatalogsCountShape),
			optional("WorkGroup", workGroupNameShape),
		),
		newInput: func() any { return new(ListDataCatalogsInput) },
	},
	"GetDataCatalog": {
		input: structureShape(
			required("Name", catalogNameShape),
			optional("WorkGroup", workGroupNameShape),
		),
		newInput: func() any { return new(GetDataCatalogInput) },
	},
	"ListDatabases": {
		input: structureShape(
			required("CatalogName", catalogNameShape),
			optional("NextToken", tokenShape),
			optional("MaxResults", maxDatabasesCountShape),
			optional("WorkGroup", workGroupNameShape),
		),
		newInput: func() any { return new(ListDatabasesInput) },
	},
	"GetDatabase": {
		input: structureShape(
			required("CatalogName", catalogNameShape),
			required("DatabaseName", nameStringShape),
			optional("WorkGroup", workGroupNameShape),
		),
		newInput: func() any { return new(GetDatabaseInput) },
	},
	"ListTableMetadata": {
		input: structureShape(
			required("CatalogName", catalogNameShape),
			required("DatabaseName", nameStringShape),
			optional("Expression", expressionShape),
			optional("NextToken", tokenShape),
			optional("MaxResults", maxTableMetadataCountShape),
			optional("WorkGroup", workGroupNameShape),
		),
		newInput: func() any { return new(ListTableMetadataInput) },
	},
	"GetTableMetadata": {
		input: structureShape(
			required("CatalogName", catalogNameShape),
			required("DatabaseName", nameStringShape),
			required("TableName", nameStringShape),
			optional("WorkGroup", workGroupNameShape),
		),
		newInput: func() any { return new(GetTableMetadataInput) },
	},
	"GetWorkGroup": {
		input:    structureShape(required("WorkGroup", workGroupNameShape)),
		newInput: func() any { return new(GetWorkGroupInput) },
	},
	"ListEngineVersions": {
		input: structureShape(
			optional("NextToken", tokenShape),
			optional("MaxResults", maxEngineVersionsCountShape),
		),
		newInput: func() any { return new(ListEngineVersionsInput) },
	},
	"ListWorkGroups": {
		input: structureShape(
			optional("NextToken", tokenShape),
			optional("MaxResults", maxWorkGroupsCountShape),
		),
		newInput: func() any { return new(ListWorkGroupsInput) },
	},
	"CreatePreparedStatement": {
		input: structureShape(
			required("StatementName", statementNameShape),
			required("WorkGroup", workGroupNameShape),
			required("QueryStatement", queryStringShape),
			optional("Description", descriptionShape),
		),
		newInput: func() any { return new(CreatePreparedStatementInput) },
	},
	"GetPreparedStatement": {
		input: structureShape(
			required("StatementName", statementNameShape),
			required("WorkGroup", workGroupNameShape),
		),
		newInput: func() any { return new(GetPreparedStatementInput) },
	},
	"ListPreparedStatements": {
		input: structureShape(
			required("WorkGroup", workGroupNameShape),
			optional("NextToken", tokenShape),
			optional("MaxResults", maxPreparedStatementsShape),
		),
		newInput: func() any { return new(ListPreparedStatementsInput) },
	},
	"DeletePreparedStatement": {
		input: structureShape(
			required("StatementName", statementNameShape),
			required("WorkGroup", workGroupNameShape),
		),
		newInput: func() any { return new(DeletePreparedStatementInput) },
	},
	"UpdatePreparedStatement": {
		input: structureShape(
			required("StatementName", statementNameShape),
			required("WorkGroup", workGroupNameShape),
			required("QueryStatement", queryStringShape),
			optional("Description", descriptionShape),
		),
		newInput: func() any { return new(UpdatePreparedStatementInput) },
	},
	"BatchGetPreparedStatement": {
		input: structureShape(
			required("PreparedStatementNames", statementNameListShape),
			required("WorkGroup", workGroupNameShape),
		),
		newInput: func() any { return new(BatchGetPreparedStatementInput) },
	},
}

func operationNames() []string {
	names := make([]string, 0, len(operations))
	for name := range operations {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// checkClientRequestToken applies the token's upper bound in UTF-8 bytes. The
// framework already limited it to 128 characters; a token of at most 128
// characters but more than 128 bytes gets a message without the validation
// prefix (FACTS §2.1).
func checkClientRequestToken(in any) *Error {
	if in, ok := in.(*StartQueryExecutionInput); ok && len(in.ClientRequestToken) > 128 {
		return InvalidRequest(CodeInvalidInput, "clientRequestToken exceeds maximum allowed length 128")
	}
	return nil
}
