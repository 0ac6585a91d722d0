package protocol

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// validate checks the framework constraints of s on v, a value from typed,
// and returns the InvalidRequestException listing every violation, or nil.
//
// Measured wording (FACTS §1.5): "Value null at '<path>' ..." for a missing
// required member and "Value at '<path>' ..." otherwise (Athena does not
// echo the value), "Member must have length greater than or equal to N" and
// "Member must have value less than or equal to N". Paths are lowerCamel
// member names. Unverified, following the same framework's habits: nested
// paths joined by '.', list elements as '<list>.<1-based index>.member', the
// pattern and enum wording, and, for one member, the pattern violation
// before the length violation.
func validate(s *shape, v any) *Error {
	var c checker
	c.check(s, v, "")
	switch len(c.violations) {
	case 0:
		return nil
	case 1:
		return InvalidRequest(CodeInvalidInput, "1 validation error detected: "+c.violations[0])
	}
	return InvalidRequest(CodeInvalidInput,
		strconv.Itoa(len(c.violations))+" validation errors detected: "+strings.Join(c.violations, "; "))
}

type checker struct {
	violations []string
}

func (c *checker) add(path, constraint string) {
	c.violations = append(c.violations, "Value at '"+path+"' failed to satisfy constraint: "+constraint)
}

func (c *checker) check(s *shape, v any, path string) {
	switch s.kind {
	case kindStructure:
		m, _ := v.(map[string]any)
		for _, mem := range s.members {
			p := lowerFirst(mem.name)
			if path != "" {
				p = path + "." + p
			}
			mv, present := m[mem.name]
			if !present {
				if mem.required {
					c.violations = append(c.violations,
						"Value null at '"+p+"' failed to satisfy constraint: Member must not be null")
				}
				continue
			}
			c.check(mem.shape, mv, p)
		}
	case kindList:
		list, _ := v.([]any)
		c.length(s, len(list), path)
		for i, e := range list {
			if e != nil {
				c.check(s.elem, e, path+"."+strconv.Itoa(i+1)+".member")
			}
		}
	case kindString:
		str, _ := v.(string)
		if s.pattern != nil && !s.pattern.MatchString(str) {
			c.add(path, "Member must satisfy regular expression pattern: "+s.patternText)
		}
		// Lengths count characters (code points), as Smithy defines them.
		c.length(s, utf8.RuneCountInString(str), path)
		if s.enum != nil && !slices.Contains(s.enum, str) {
			c.add(path, "Member must satisfy enum value set: ["+strings.Join(s.enum, ", ")+"]")
		}
	case kindMap:
		// The framework's wording for constraints on map keys and values
		// (ParametersMap: keys 1..255, values up to 51200 characters) is
		// unverified, so map entries are not checked.
	case kindInteger, kindLong:
		n, _ := v.(int64)
		if s.hasMin && n < s.valMin {
			c.add(path, "Member must have value greater than or equal to "+strconv.FormatInt(s.valMin, 10))
		}
		if s.hasMax && n > s.valMax {
			c.add(path, "Member must have value less than or equal to "+strconv.FormatInt(s.valMax, 10))
		}
	}
}

func (c *checker) length(s *shape, n int, path string) {
	if s.lenMin > 0 && n < s.lenMin {
		c.add(path, "Member must have length greater than or equal to "+strconv.Itoa(s.lenMin))
	}
	if s.lenMax > 0 && n > s.lenMax {
		c.add(path, "Member must have length less than or equal to "+strconv.Itoa(s.lenMax))
	}
}

// lowerFirst turns a wire member name into the name validation messages use:
// QueryExecutionId becomes queryExecutionId.
func lowerFirst(name string) string {
	if name == "" || name[0] < 'A' || name[0] > 'Z' {
		return name
	}
	return string(name[0]+'a'-'A') + name[1:]
}
