import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import {
  assertSimulatedResponder,
  readResponderAnswer,
  responderFailed,
  type ResponderType,
} from './responder.js';

describe('readResponderAnswer', () => {
  it('approves on {"result":"APPROVED"}', () => {
    expect(readResponderAnswer('{"result":"APPROVED","token":"t"}', 'DECLINE')).toEqual({ approved: true });
  });

  it.each([
    ['SUSPECTED_FRAUD', 'SUSPECTED_FRAUD', 'SUSPECTED_FRAUD'],
    ['INSUFFICIENT_FUNDS', 'INSUFFICIENT_FUNDS', 'INSUFFICIENT_FUNDS'],
    ['CARD_PAUSED', 'CARD_PAUSED', 'CARD_PAUSED'],
    ['VEHICLE_NUMBER_INVALID', 'DECLINED', 'VEHICLE_NUMBER_INVALID'],
    ['VELOCITY_EXCEEDED', 'DECLINED', 'CUSTOM_ASA_RESULT'],
    ['NOT_TODAY', 'DECLINED', 'CUSTOM_ASA_RESULT'],
  ])('declines on %s with result %s and detailed result %s', (answer, result, detailedResult) => {
    expect(readResponderAnswer(JSON.stringify({ result: answer }), 'DECLINE')).toMatchObject({
      approved: false,
      result,
      detailedResult,
      explanation: expect.stringContaining(answer),
    });
  });

  it.each(['not json', '{}', '{"result":42}', '{"result":""}', 'null', '[]'])(
    'treats %s as malformed and falls back',
    (body) => {
      expect(readResponderAnswer(body, 'DECLINE')).toMatchObject({
        approved: false,
        detailedResult: 'MALFORMED_ASA_RESPONSE',
      });
      expect(readResponderAnswer(body, 'APPROVE')).toEqual({ approved: true });
    },
  );
});

describe('responderFailed', () => {
  it('declines a timeout with CUSTOMER_ASA_TIMEOUT by default', () => {
    expect(responderFailed('TIMEOUT', 'DECLINE', 'no answer in 2000 ms')).toMatchObject({
      approved: false,
      result: 'DECLINED',
      detailedResult: 'CUSTOMER_ASA_TIMEOUT',
      explanation: expect.stringContaining('no answer in 2000 ms'),
    });
  });

  it('approves when the fallback says so', () => {
    expect(responderFailed('MALFORMED', 'APPROVE', 'HTTP 500')).toEqual({ approved: true });
  });
});

describe('assertSimulatedResponder', () => {
  it.each<[ResponderType, boolean]>([
    ['AUTH_STREAM_ACCESS', true],
    ['THREE_DS_DECISIONING', true],
    ['TOKENIZATION_DECISIONING', false],
  ])('%s is simulated: %s', (type, simulated) => {
    if (simulated) expect(() => assertSimulatedResponder(type)).not.toThrow();
    else expect(() => assertSimulatedResponder(type)).toThrow(DomainError);
  });
});
