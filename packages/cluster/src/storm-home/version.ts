/**
 * The Storm release the loopback cluster runs. 2.8.3, not 2.8.4: Maven Central as served here lacks the parent pom
 * `org.apache.storm:storm:2.8.4`, so storm-server 2.8.4 cannot resolve its dependencies; 2.8.3 resolves completely.
 */
export const STORM_VERSION = '2.8.3';
