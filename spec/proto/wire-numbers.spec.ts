import { describe, expect, it } from 'vitest';
import * as grpcJsEntry from '../../src/grpc-js/index.js';
import * as mainEntry from '../../src/index.js';
import { SERVING_STATUSES } from '../../src/serving-status.js';

describe('the wire numbers of the statuses', () => {
  it('live in livery-grpc-health/grpc-js: each status and its number, both ways', () => {
    SERVING_STATUSES.forEach((status, number) => {
      expect(grpcJsEntry.servingStatusToNumber(status)).toBe(number);
      expect(grpcJsEntry.servingStatusFromNumber(number)).toBe(status);
    });
    expect(grpcJsEntry.servingStatusFromNumber(7)).toBe('UNKNOWN');
  });

  it('are still in the main entry, deprecated, as the same functions (until the next minor version)', () => {
    expect(mainEntry.servingStatusToNumber).toBe(grpcJsEntry.servingStatusToNumber);
    expect(mainEntry.servingStatusFromNumber).toBe(grpcJsEntry.servingStatusFromNumber);
  });
});
