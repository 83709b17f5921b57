// The Kafka connectors' bad input through the real `twinstorm run`: a wrong broker address, a SASL login the broker
// refuses and a bad conf value each end the start with an error naming the component and what was wrong; the SASL
// password is in none of the error, the logs or the summary. The bolts prepare before the spout opens, so the first
// component to report a bad connection may be a KafkaBolt ("out", "dead") as well as the KafkaSpout ("in").
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runTwinstorm, stopAllTwinstorms } from 'twinstorm/testing';
import { privateRuntimeDir } from '../cli/runtime-dir.ts';
import { freshPrefix, testBrokers } from './support/kafka-topics.ts';

const RELAY = 'test/kafka/fixtures/relay.ts';
const SECRET = 'r13c-kafka-s3cret-9c1d';
const runtime = privateRuntimeDir();
afterEach(() => stopAllTwinstorms());
afterAll(() => runtime.remove());

function runRelay(conf: Record<string, string>) {
  const args = ['run', RELAY, '--until-idle', '--json'];
  for (const [k, v] of Object.entries(conf)) args.push('--conf', `${k}=${v}`);
  return runTwinstorm(args, runtime.env, 120_000);
}

/** The error of whichever Kafka component of the relay connected first. */
const KAFKA_COMPONENT = String.raw`component "(?:in|out|dead)", task \d+: .*cannot (?:read from|write to) Kafka at`;

describe('Kafka connectors bad input (twinstorm run)', { timeout: 180_000 }, () => {
  it('a wrong broker address: E_KAFKA_CONNECT naming the component and the address', async () => {
    const prefix = freshPrefix('r13c-badbroker');
    const r = await runRelay({
      'kafka.brokers': '127.0.0.1:1',
      'kafka.topic': `${prefix}-in`,
      'relay.prefix': prefix,
      'kafka.retries': '1',
    });
    expect(r.exitCode, r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(
      new RegExp(`${KAFKA_COMPONENT} 127\\.0\\.0\\.1:1 \\(.*ECONNREFUSED.*\\); check kafka\\.brokers and that the broker is up`),
    );
  });

  it('a SASL login the broker refuses: the component and user named, the password nowhere', async () => {
    const prefix = freshPrefix('r13c-badsasl');
    const r = await runRelay({
      'kafka.brokers': await testBrokers(),
      'kafka.topic': `${prefix}-in`,
      'relay.prefix': prefix,
      'kafka.retries': '1',
      'kafka.sasl.mechanism': 'plain',
      'kafka.sasl.username': 'r13cuser',
      'kafka.sasl.password': SECRET,
    });
    expect(r.exitCode, r.stderr).not.toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${KAFKA_COMPONENT} [\\d.:,]+ as r13cuser \\(SASL plain\\) \\(KafkaJS`));
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
  });

  // A value given with --conf is checked when the spout opens (checkConf at build time sees only the topology's conf).
  it('a bad conf value ends the start, naming the component, the key and the value', async () => {
    const r = await runRelay({
      'kafka.topic': 't',
      'relay.prefix': 'p',
      'kafka.spout.first.offset': 'middle',
      'kafka.sasl.password': SECRET,
    });
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/component "in": conf "kafka\.spout\.first\.offset" must be one of "earliest", "latest", got "middle"/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
  });
});
