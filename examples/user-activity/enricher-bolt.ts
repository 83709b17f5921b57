import { BasicBolt, type Tuple } from '@twinstorm/core';
import { enrich } from './enrich.ts';
import { ENRICHED_FIELDS, enrichedValues, eventFromTuple } from './fields.ts';

/** Adds context from the static tables (department, host reputation, hour, resource area and sensitivity); stateless. */
export class EnricherBolt extends BasicBolt {
  static outputFields = ENRICHED_FIELDS;

  execute(tuple: Tuple): void {
    this.emit(enrichedValues(enrich(eventFromTuple(tuple))));
  }
}
