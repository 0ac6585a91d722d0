package emulator

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/athenaq/athenaq/emulator/internal/catalog"
	"github.com/athenaq/athenaq/emulator/internal/protocol"
)

// The emulator has one data catalog, Athena's default Glue catalog.
const dataCatalog = "AwsDataCatalog"

// checkCatalog answers a catalog name other than AwsDataCatalog (compared
// case-insensitively, as Athena resolves it) with a MetadataException.
// The exact text is unverified.
func checkCatalog(name string) *protocol.Error {
	if strings.EqualFold(name, dataCatalog) {
		return nil
	}
	return protocol.Metadata(fmt.Sprintf("Catalog %s was not found.", name))
}

func (s *Server) listDataCatalogs(in *protocol.ListDataCatalogsInput) (any, *protocol.Error) {
	all := []protocol.DataCatalogSummary{{CatalogName: dataCatalog, Type: "GLUE", Status: "CREATE_COMPLETE"}}
	page, next, perr := paginate(s.pages, all, in.NextToken, in.MaxResults, 50, "listDataCatalogs")
	if perr != nil {
		return nil, perr
	}
	return &protocol.ListDataCatalogsOutput{DataCatalogsSummary: page, NextToken: next}, nil
}

func (s *Server) getDataCatalog(in *protocol.GetDataCatalogInput) (any, *protocol.Error) {
	if !strings.EqualFold(in.Name, dataCatalog) {
		return nil, protocol.InvalidRequest("INVALID_INPUT", fmt.Sprintf("Catalog %s was not found.", in.Name))
	}
	return &protocol.GetDataCatalogOutput{DataCatalog: &protocol.DataCatalog{Name: dataCatalog, Type: "GLUE",
		Description: "AWS Glue Data Catalog (emulated)", Parameters: map[string]string{"catalog-id": "000000000000"}}}, nil
}

func (s *Server) listDatabases(in *protocol.ListDatabasesInput) (any, *protocol.Error) {
	if perr := checkCatalog(in.CatalogName); perr != nil {
		return nil, perr
	}
	var all []protocol.Database
	for _, db := range s.catalog.Databases() {
		all = append(all, databaseOut(db))
	}
	page, next, perr := paginate(s.pages, all, in.NextToken, in.MaxResults, 50, "listDatabases")
	if perr != nil {
		return nil, perr
	}
	return &protocol.ListDatabasesOutput{DatabaseList: page, NextToken: next}, nil
}

func (s *Server) getDatabase(in *protocol.GetDatabaseInput) (any, *protocol.Error) {
	if perr := checkCatalog(in.CatalogName); perr != nil {
		return nil, perr
	}
	db, ok := s.catalog.Database(in.DatabaseName)
	if !ok {
		return nil, protocol.Metadata(fmt.Sprintf("Database %s not found.", in.DatabaseName))
	}
	out := databaseOut(db)
	return &protocol.GetDatabaseOutput{Database: &out}, nil
}

func databaseOut(db catalog.Database) protocol.Database {
	out := protocol.Database{Name: db.Name, Description: db.Description, Parameters: db.Parameters}
	if db.LocationURI != "" {
		out.Parameters = map[string]string{}
		for k, v := range db.Parameters {
			out.Parameters[k] = v
		}
		out.Parameters["location"] = db.LocationURI
	}
	return out
}

func (s *Server) listTableMetadata(in *protocol.ListTableMetadataInput) (any, *protocol.Error) {
	if perr := checkCatalog(in.CatalogName); perr != nil {
		return nil, perr
	}
	if _, ok := s.catalog.Database(in.DatabaseName); !ok {
		return nil, protocol.Metadata(fmt.Sprintf("Database %s not found.", in.DatabaseName))
	}
	var match *regexp.Regexp
	if in.Expression != "" {
		re, err := compileNamePattern(in.Expression)
		if err != nil {
			return nil, protocol.InvalidRequest("INVALID_INPUT", "Expression "+err.Error())
		}
		match = re
	}
	var all []protocol.TableMetadata
	for _, t := range s.catalog.Tables(in.DatabaseName) {
		if match == nil || match.MatchString(t.Name) {
			all = append(all, tableOut(t))
		}
	}
	page, next, perr := paginate(s.pages, all, in.NextToken, in.MaxResults, 50, "listTableMetadata")
	if perr != nil {
		return nil, perr
	}
	return &protocol.ListTableMetadataOutput{TableMetadataList: page, NextToken: next}, nil
}

func (s *Server) getTableMetadata(in *protocol.GetTableMetadataInput) (any, *protocol.Error) {
	if perr := checkCatalog(in.CatalogName); perr != nil {
		return nil, perr
	}
	t, ok := s.catalog.Table(in.DatabaseName, in.TableName)
	if !ok {
		return nil, protocol.Metadata(fmt.Sprintf("Table %s not found in database %s.", in.TableName, in.DatabaseName))
	}
	out := tableOut(t)
	return &protocol.GetTableMetadataOutput{TableMetadata: &out}, nil
}

// tableOut renders a catalog table as Athena's TableMetadata: Hive type
// spelling, and the storage facts in Parameters as Glue reports them
// (the key set is unverified, FACTS §2.7).
func tableOut(t catalog.Table) protocol.TableMetadata {
	out := protocol.TableMetadata{Name: t.Name, TableType: t.TableType, CreateTime: epoch(t.CreateTime),
		LastAccessTime: epoch(t.CreateTime), Parameters: map[string]string{}, Columns: []protocol.Column{}}
	for _, c := range t.Columns {
		out.Columns = append(out.Columns, protocol.Column{Name: c.Name, Type: c.Type, Comment: c.Comment})
	}
	for _, c := range t.PartitionKeys {
		out.PartitionKeys = append(out.PartitionKeys, protocol.Column{Name: c.Name, Type: c.Type, Comment: c.Comment})
	}
	if t.TableType != "VIRTUAL_VIEW" && out.PartitionKeys == nil {
		out.PartitionKeys = []protocol.Column{}
	}
	for k, v := range t.Parameters {
		out.Parameters[k] = v
	}
	if t.TableType != "VIRTUAL_VIEW" {
		out.Parameters["location"] = t.Location
		out.Parameters["inputformat"] = t.InputFormat
		out.Parameters["outputformat"] = t.OutputFormat
		out.Parameters["serde.serialization.lib"] = t.SerDeLibrary
		for k, v := range t.SerDeParameters {
			out.Parameters["serde.param."+k] = v
		}
	}
	if t.Comment != "" {
		out.Parameters["comment"] = t.Comment
	}
	return out
}
