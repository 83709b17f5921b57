import { BasicBolt, confNumber, type Conf, type TopologyContext, type Tuple } from '@twinstorm/core';
import { AlertPolicy } from './alert-policy.ts';
import { ALERT_RISK_CONF, ALERT_SCORE_CONF, alertsPath } from './conf.ts';
import { ALERT_FIELDS, riskedFromTuple } from './fields.ts';
import { AppendFile, taskFilePath } from './output-file.ts';

/**
 * Raises alerts (see AlertPolicy), appends each as a JSON line to the alerts file and emits it as [alert]
 * (JSON text) for whatever consumes alerts downstream. Per-user cooldowns: fields grouping on user_id.
 */
export class AlertBolt extends BasicBolt {
  static outputFields = ALERT_FIELDS;

  private policy = new AlertPolicy();
  private file: AppendFile | undefined;

  override prepare(conf: Conf, context: TopologyContext): void {
    const scoreThreshold = confNumber(conf, ALERT_SCORE_CONF);
    const riskThreshold = confNumber(conf, ALERT_RISK_CONF);
    this.policy = new AlertPolicy({
      ...(scoreThreshold === undefined ? {} : { scoreThreshold }),
      ...(riskThreshold === undefined ? {} : { riskThreshold }),
    });
    this.file = new AppendFile(taskFilePath(alertsPath(conf), context), (error) => this.reportError(error));
    this.log(`writing alerts to ${this.file.path}`);
  }

  execute(tuple: Tuple): void | Promise<void> {
    const alert = this.policy.check(riskedFromTuple(tuple));
    if (alert === null || this.file === undefined) return;
    const line = JSON.stringify(alert);
    this.emit([line]);
    // Ack (on return) once the line is handed to the file; wait for the stream to drain if it is backed up.
    if (!this.file.write(`${line}\n`)) return this.file.drained();
  }

  override async cleanup(): Promise<void> {
    await this.file?.close();
  }
}
