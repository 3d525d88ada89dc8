import { servingStatusFromNumber, servingStatusToNumber } from '../serving-status.js';

/**
 * @deprecated Import it from `livery-grpc-health/grpc-js`, beside the other things for code that
 * handles the wire format itself; the main entry drops it in the next minor version.
 */
export const deprecatedServingStatusToNumber: typeof servingStatusToNumber = servingStatusToNumber;

/**
 * @deprecated Import it from `livery-grpc-health/grpc-js`, beside the other things for code that
 * handles the wire format itself; the main entry drops it in the next minor version.
 */
export const deprecatedServingStatusFromNumber: typeof servingStatusFromNumber = servingStatusFromNumber;
