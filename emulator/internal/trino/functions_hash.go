package trino

// This file holds the rewrites of Trino's hash, HMAC and binary encoding
// functions. Most call Go functions that the engine registers on every
// database (emulator/internal/engine/udf_more.go), under the same trino_
// names.

func init() {
	for name, h := range map[string]handler{
		"sha512":          rename("trino_sha512", 1),
		"hmac_md5":        rename("trino_hmac_md5", 2),
		"hmac_sha1":       rename("trino_hmac_sha1", 2),
		"hmac_sha256":     rename("trino_hmac_sha256", 2),
		"hmac_sha512":     rename("trino_hmac_sha512", 2),
		"crc32":           rename("trino_crc32", 1),
		"xxhash64":        rename("trino_xxhash64", 1),
		"murmur3":         rename("trino_murmur3", 1),
		"to_base32":       rename("trino_to_base32", 1),
		"from_base32":     rename("trino_from_base32", 1),
		"to_ieee754_32":   rename("trino_to_ieee754_32", 1),
		"to_ieee754_64":   rename("trino_to_ieee754_64", 1),
		"from_ieee754_32": rename("trino_from_ieee754_32", 1),
		"from_ieee754_64": rename("trino_from_ieee754_64", 1),
		"char2hexint":     rename("trino_char2hexint", 1),
	} {
		handlers[name] = h
	}
}
