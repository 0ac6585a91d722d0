"""boto3 (a client we did not write) against `athenaq serve`: S3 and Athena.

    python3 .ci/boto3_interop.py http://127.0.0.1:PORT

Run by .ci/interop.sh when python3 imports boto3. Each check names what it
expected; the first failure exits 1. boto3 1.36 and later validate response
checksums, so a ranged GET that carried the whole object's checksum fails
here with FlexibleChecksumError.
"""
import hashlib
import io
import sys
import time

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config

endpoint = sys.argv[1]
session = boto3.session.Session(
    aws_access_key_id="interop", aws_secret_access_key="interop", region_name="us-east-1"
)
s3 = session.client("s3", endpoint_url=endpoint, config=Config(s3={"addressing_style": "path"}))
athena = session.client("athena", endpoint_url=endpoint)
checks = 0


def check(cond, what):
    global checks
    if not cond:
        print(f"boto3 interop: FAILED: {what}")
        sys.exit(1)
    checks += 1


bucket = "boto3-interop"
s3.create_bucket(Bucket=bucket)
body = bytes(range(256)) * 64  # 16 KiB

# PutObject with a CRC32 checksum and user metadata.
s3.put_object(Bucket=bucket, Key="a/obj.bin", Body=body, ChecksumAlgorithm="CRC32",
              Metadata={"Attr1": "one", "other-key": "two"})
head = s3.head_object(Bucket=bucket, Key="a/obj.bin")
check(head["ContentLength"] == len(body), f"HeadObject length {head['ContentLength']}, want {len(body)}")
check(head["Metadata"] == {"attr1": "one", "other-key": "two"},
      f"user metadata keys come back lower-case, got {head['Metadata']}")

# A ranged GET carries no whole-object checksum (boto3 would reject it).
part = s3.get_object(Bucket=bucket, Key="a/obj.bin", Range="bytes=100-1123")
data = part["Body"].read()
check(data == body[100:1124], "ranged GET returns bytes 100-1123")
check("ChecksumCRC32" not in part, "ranged GET has no x-amz-checksum-crc32")
check(part["ContentRange"] == f"bytes 100-1123/{len(body)}", f"Content-Range {part['ContentRange']}")

# A whole GET with checksum mode returns the stored checksum, and boto3 validates it.
whole = s3.get_object(Bucket=bucket, Key="a/obj.bin", ChecksumMode="ENABLED")
check(whole["Body"].read() == body, "whole GET returns the body")
check("ChecksumCRC32" in whole, "whole GET with ChecksumMode=ENABLED returns ChecksumCRC32")

# Sub-resources never touch the body.
s3.put_object_tagging(Bucket=bucket, Key="a/obj.bin",
                      Tagging={"TagSet": [{"Key": "team", "Value": "data"}]})
tags = s3.get_object_tagging(Bucket=bucket, Key="a/obj.bin")["TagSet"]
check(tags == [{"Key": "team", "Value": "data"}], f"GetObjectTagging returns the tags, got {tags}")
s3.put_object_acl(Bucket=bucket, Key="a/obj.bin", ACL="private")
after = s3.get_object(Bucket=bucket, Key="a/obj.bin")["Body"].read()
check(after == body, "PutObjectTagging and PutObjectAcl keep the object's body")

# Multipart upload through boto3's transfer manager (5 MiB parts).
big = hashlib.sha256(b"seed").digest() * (12 * 1024 * 1024 // 32)
s3.upload_fileobj(io.BytesIO(big), bucket, "a/big.bin",
                  Config=TransferConfig(multipart_threshold=5 * 1024 * 1024,
                                        multipart_chunksize=5 * 1024 * 1024))
got = io.BytesIO()
s3.download_fileobj(bucket, "a/big.bin", got,
                    Config=TransferConfig(multipart_threshold=5 * 1024 * 1024,
                                          multipart_chunksize=5 * 1024 * 1024))
check(got.getvalue() == big, "multipart upload and ranged parallel download round-trip 12 MiB")

# Listing with pagination, copy and batch delete.
for i in range(7):
    s3.put_object(Bucket=bucket, Key=f"list/k{i:02d}", Body=b"x")
keys = []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="list/",
                                                          PaginationConfig={"PageSize": 3}):
    keys += [o["Key"] for o in page.get("Contents", [])]
check(keys == [f"list/k{i:02d}" for i in range(7)], f"paginated listing, got {keys}")
s3.copy_object(Bucket=bucket, Key="a/copy.bin", CopySource={"Bucket": bucket, "Key": "a/obj.bin"})
check(s3.get_object(Bucket=bucket, Key="a/copy.bin")["Body"].read() == body, "CopyObject copies the body")
deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in keys]})
check(len(deleted.get("Deleted", [])) == 7, f"DeleteObjects deletes 7, got {deleted.get('Deleted')}")


# Athena: DDL and writes return empty lists, not absent keys.
def run(sql):
    qid = athena.start_query_execution(
        QueryString=sql, ResultConfiguration={"OutputLocation": f"s3://{bucket}/results/"}
    )["QueryExecutionId"]
    for _ in range(600):
        ex = athena.get_query_execution(QueryExecutionId=qid)["QueryExecution"]
        state = ex["Status"]["State"]
        if state in ("SUCCEEDED", "FAILED", "CANCELLED"):
            check(state == "SUCCEEDED", f"{sql!r} succeeds, got {state}: {ex['Status']}")
            return qid, ex
        time.sleep(0.05)
    check(False, f"{sql!r} finishes")


qid, ex = run("CREATE DATABASE IF NOT EXISTS boto3_interop")
check(ex["Statistics"]["QueryQueueTimeInMillis"] > 0, "QueryQueueTimeInMillis is more than 0")
rs = athena.get_query_results(QueryExecutionId=qid)["ResultSet"]
check(rs.get("Rows") == [] and rs.get("ResultSetMetadata", {}).get("ColumnInfo") == [],
      f"DDL's ResultSet has empty Rows and ColumnInfo, got {rs}")
run(f"CREATE TABLE boto3_interop.t WITH (format='PARQUET', external_location='s3://{bucket}/t/') "
    "AS SELECT 1 AS n")
qid, _ = run("INSERT INTO boto3_interop.t VALUES (2)")
res = athena.get_query_results(QueryExecutionId=qid)
check(res["ResultSet"].get("Rows") == [] and res.get("UpdateCount") == 1,
      f"INSERT has Rows [] beside UpdateCount 1, got {res['ResultSet']}, {res.get('UpdateCount')}")
qid, _ = run("SELECT n FROM boto3_interop.t ORDER BY n")
rows = athena.get_query_results(QueryExecutionId=qid)["ResultSet"]["Rows"]
check([r["Data"][0]["VarCharValue"] for r in rows] == ["n", "1", "2"], f"SELECT rows, got {rows}")
run("DROP DATABASE boto3_interop CASCADE")

print(f"boto3 interop: {checks} checks passed (boto3 {boto3.__version__})")
