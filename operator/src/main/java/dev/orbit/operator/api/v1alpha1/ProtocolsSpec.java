package dev.orbit.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The wire protocols a cluster serves. */
public class ProtocolsSpec extends ApiObject {
  @JsonPropertyDescription("PostgreSQL wire protocol (psql, pgjdbc).")
  private PostgresProtocolSpec postgres = new PostgresProtocolSpec();

  @JsonPropertyDescription("Redis RESP protocol (redis-cli, jedis).")
  private RedisProtocolSpec redis = new RedisProtocolSpec();

  @JsonPropertyDescription("MySQL wire protocol.")
  private MysqlProtocolSpec mysql = new MysqlProtocolSpec();

  @JsonPropertyDescription("Cassandra CQL native protocol.")
  private CqlProtocolSpec cql = new CqlProtocolSpec();

  @JsonPropertyDescription("Neo4j Bolt protocol (Cypher).")
  private BoltProtocolSpec bolt = new BoltProtocolSpec();

  @JsonPropertyDescription("ArangoDB HTTP API (AQL).")
  private AqlProtocolSpec aql = new AqlProtocolSpec();

  public PostgresProtocolSpec getPostgres() {
    return postgres;
  }

  public void setPostgres(PostgresProtocolSpec postgres) {
    this.postgres = postgres;
  }

  public RedisProtocolSpec getRedis() {
    return redis;
  }

  public void setRedis(RedisProtocolSpec redis) {
    this.redis = redis;
  }

  public MysqlProtocolSpec getMysql() {
    return mysql;
  }

  public void setMysql(MysqlProtocolSpec mysql) {
    this.mysql = mysql;
  }

  public CqlProtocolSpec getCql() {
    return cql;
  }

  public void setCql(CqlProtocolSpec cql) {
    this.cql = cql;
  }

  public BoltProtocolSpec getBolt() {
    return bolt;
  }

  public void setBolt(BoltProtocolSpec bolt) {
    this.bolt = bolt;
  }

  public AqlProtocolSpec getAql() {
    return aql;
  }

  public void setAql(AqlProtocolSpec aql) {
    this.aql = aql;
  }
}
