import { BasicBolt, confNumber, type Conf, type TopologyContext, type Tuple } from '@twinstorm/core';
import { AlertPolicy } from './alert-policy.ts';
import { ALERT_RISK_CONF, ALERT_SCORE_CONF, alertsPath } from './conf.ts';
import { ALERT_FIELDS, riskedFromTuple } from './fields.ts';
import { AppendFile, taskFilePath } from './output-file.ts';
import { PostgresTables } from './postgres-tables.ts';
import { confChoice, SINK_CONF } from './services.ts';

/**
 * Raises alerts (see AlertPolicy), stores each — a JSON line in the alerts file, or a row of the `alerts` table keyed
 * by alert_id with `useractivity.sink=postgres` — and emits it as [alert] (JSON text) for whatever consumes alerts
 * downstream. The input is acked once the alert is stored. Per-user cooldowns: fields grouping on user_id.
 */
export class AlertBolt extends BasicBolt {
  static outputFields = ALERT_FIELDS;

  private policy = new AlertPolicy();
  private file: AppendFile | undefined;
  private tables: PostgresTables | undefined;

  override prepare(conf: Conf, context: TopologyContext): void {
    const scoreThreshold = confNumber(conf, ALERT_SCORE_CONF);
    const riskThreshold = confNumber(conf, ALERT_RISK_CONF);
    this.policy = new AlertPolicy({
      ...(scoreThreshold === undefined ? {} : { scoreThreshold }),
      ...(riskThreshold === undefined ? {} : { riskThreshold }),
    });
    if (confChoice(conf, SINK_CONF, ['file', 'postgres'], 'file') === 'postgres') {
      this.tables = new PostgresTables(conf, (error) => this.reportError(error));
      this.log('writing alerts to PostgreSQL table alerts');
      return;
    }
    this.file = new AppendFile(taskFilePath(alertsPath(conf), context), (error) => this.reportError(error));
    this.log(`writing alerts to ${this.file.path}`);
  }

  execute(tuple: Tuple): void | Promise<void> {
    const alert = this.policy.check(riskedFromTuple(tuple));
    if (alert === null) return;
    const line = JSON.stringify(alert);
    this.emit([line]);
    if (this.tables !== undefined) return this.tables.insertAlerts([alert as unknown as Record<string, unknown>]).then(() => undefined);
    // Ack (on return) once the line is handed to the file; wait for the stream to drain if it is backed up.
    if (this.file !== undefined && !this.file.write(`${line}\n`)) return this.file.drained();
  }

  override async cleanup(): Promise<void> {
    await this.file?.close();
    await this.tables?.close();
  }
}
