import { confNumber, type Conf, type TopologyContext, type Tuple } from '@twinstorm/core';
import { StatefulBolt, type JsonValue, type KeyValueState } from '@twinstorm/state';
import { AlertPolicy, userAlertCodec, type AlertOptions, type UserAlertState } from './alert-policy.ts';
import { ALERT_RISK_CONF, ALERT_SCORE_CONF, alertsPath } from './conf.ts';
import { ALERT_FIELDS, riskedFromTuple } from './fields.ts';
import { AppendFile, taskFilePath } from './output-file.ts';
import { PostgresTables } from './postgres-tables.ts';
import { confChoice, SINK_CONF, userActivityStateConf } from './services.ts';
import { KeyedUsers } from './user-state.ts';

/**
 * Raises alerts (see AlertPolicy), stores each — a JSON line in the alerts file, or a row of the `alerts` table keyed
 * by alert_id with `useractivity.sink=postgres` — and emits it as [alert] (JSON text) for whatever consumes alerts
 * downstream. The input is acked once the alert is stored. Per-user cooldowns: fields grouping on user_id; they are
 * keyed state, restored after a crash, and an event replayed after a restart that the restored state already holds
 * raises nothing again (its alert, if any, was stored before that state was committed).
 */
export class AlertBolt extends StatefulBolt {
  static outputFields = ALERT_FIELDS;

  private options: AlertOptions = {};
  private users!: KeyedUsers<UserAlertState>;
  private policy = new AlertPolicy();
  private file: AppendFile | undefined;
  private tables: PostgresTables | undefined;

  override prepare(conf: Conf, context: TopologyContext): void {
    const scoreThreshold = confNumber(conf, ALERT_SCORE_CONF);
    const riskThreshold = confNumber(conf, ALERT_RISK_CONF);
    this.options = {
      ...(scoreThreshold === undefined ? {} : { scoreThreshold }),
      ...(riskThreshold === undefined ? {} : { riskThreshold }),
    };
    if (confChoice(conf, SINK_CONF, ['file', 'postgres'], 'file') === 'postgres') {
      this.tables = new PostgresTables(conf, (error) => this.reportError(error));
      this.log('writing alerts to PostgreSQL table alerts');
      return;
    }
    this.file = new AppendFile(taskFilePath(alertsPath(conf), context), (error) => this.reportError(error));
    this.log(`writing alerts to ${this.file.path}`);
  }

  initState(state: KeyValueState<JsonValue>): void {
    this.users = new KeyedUsers(state, userAlertCodec);
    this.policy = new AlertPolicy(this.options, this.users);
  }

  execute(tuple: Tuple): void | Promise<void> {
    const e = riskedFromTuple(tuple);
    const alert = this.users.applied(e.user_id, e.event_id) ? null : this.policy.check(e);
    if (alert === null) return this.ack(tuple);
    const line = JSON.stringify(alert);
    this.emit([line], { anchors: [tuple] });
    if (this.tables !== undefined)
      return this.tables.insertAlerts([alert as unknown as Record<string, unknown>]).then(
        () => this.ack(tuple),
        (error: unknown) => {
          // As a BasicBolt's failed execute: the tuple replays (the user's cooldown already holds this alert, as before).
          this.reportError(error);
          this.fail(tuple);
        },
      );
    // Ack once the line is handed to the file; wait for the stream to drain if it is backed up.
    if (this.file !== undefined && !this.file.write(`${line}\n`)) return this.file.drained().then(() => this.ack(tuple));
    this.ack(tuple);
  }

  protected override stateConf(conf: Conf): Conf {
    return userActivityStateConf(conf);
  }

  override async cleanup(): Promise<void> {
    await this.file?.close();
    await this.tables?.close();
  }
}
