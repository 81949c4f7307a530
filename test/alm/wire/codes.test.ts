import { describe, expect, it } from 'vitest';
import * as W from '../../../src/alm/wire/index.ts';
import { ALL_CODES } from './arbitraries.ts';

describe('code points (RFC 7019 §10, §12.1, §14)', () => {
  it('header constants and kind id', () => {
    expect(W.SAM_TOKEN).toBe(0xd3414d42);
    expect(W.ALM_VERSION).toBe(0x0a);
    expect(W.ALMTREE_KIND_ID).toBe(0xf0000001);
    expect([W.RELOAD_EXP_A_REQ, W.RELOAD_EXP_A_ANS, W.RELOAD_ERROR_EXP_A]).toEqual([0x23, 0x24, 0x12]);
  });

  it('algorithm ids (§14.1)', () => {
    expect([W.ALM_ALG_INVALID, W.ALM_ALG_SCRIBE_SAM, W.ALM_ALG_P2PCAST_SAM]).toEqual([0, 1, 2]);
    expect([0, 1, 2].map(W.almAlgorithmName)).toEqual(['INVALID-ALG', 'SCRIBE-SAM', 'P2PCAST-SAM']);
  });

  it('the 19 message codes (§14.2) and which are requests', () => {
    expect(ALL_CODES).toEqual(Array.from({ length: 19 }, (_, i) => i + 1));
    expect(W.almMessageName(0)).toBe('InvalidMessageCode');
    expect(W.almMessageName(W.ALM_CREATE_ALM_TREE)).toBe('CreateALMTree');
    expect(W.almMessageName(W.ALM_PUSH_RESPONSE)).toBe('PushResponse');
    expect(W.almMessageName(0x14)).toBe('unassigned(0x0014)');
    expect(W.almMessageName(0x8000)).toBe('private-use(0x8000)');
    const requests = ALL_CODES.filter(W.isAlmRequestCode).map(W.almMessageName);
    expect(requests).toEqual(['CreateALMTree', 'Join', 'JoinConfirm', 'JoinDecline', 'Leave', 'Reform', 'Heartbeat', 'NodeQuery', 'Push']);
    for (const c of ALL_CODES) {
      expect(W.isAlmMessageCode(c)).toBe(true);
      expect(W.isAlmRequestCode(c)).toBe(!W.isAlmAnswerCode(c));
      expect(W.reloadMessageCodeOf(c)).toBe(W.isAlmRequestCode(c) ? 0x23 : 0x24);
    }
    expect([0, 0x14, 0x8000, 1.5].some(W.isAlmMessageCode)).toBe(false);
  });

  it('answers pair with requests; JoinReject answers Join, JoinDeclineResponse answers JoinDecline', () => {
    expect(W.almAnswerCode(W.ALM_JOIN)).toBe(W.ALM_JOIN_ACCEPT);
    expect(W.almAnswerCode(W.ALM_JOIN_DECLINE)).toBe(W.ALM_JOIN_DECLINE_RESPONSE);
    expect(W.almRequestCode(W.ALM_JOIN_REJECT)).toBe(W.ALM_JOIN);
    expect(W.almRequestCode(W.ALM_JOIN_DECLINE_RESPONSE)).toBe(W.ALM_JOIN_DECLINE);
    expect(W.almRequestCode(W.ALM_NODE_QUERY_RESPONSE)).toBe(W.ALM_NODE_QUERY);
    expect(W.isAlmAnswerTo(W.ALM_JOIN_REJECT, W.ALM_JOIN)).toBe(true);
    expect(W.isAlmAnswerTo(W.ALM_JOIN_DECLINE_RESPONSE, W.ALM_JOIN_CONFIRM)).toBe(false);
    for (const c of ALL_CODES.filter(W.isAlmRequestCode)) {
      expect(W.almAnswerCode(c)).toBe(c + 1);
      expect(W.almRequestCode(W.almAnswerCode(c))).toBe(c);
    }
  });

  it('error codes (§14.3)', () => {
    expect(W.ALM_ERROR_UNKNOWN_ALGORITHM).toBe(1);
    expect(W.ALM_ERROR_TREE_DEPTH_LIMIT_REACHED).toBe(0x0b);
    expect(W.ALM_ERROR_OTHER).toBe(0x0c);
    expect(W.almErrorName(W.ALM_ERROR_CHILD_LIMIT_REACHED)).toBe('Error_Child_Limit_Reached');
    expect(W.almErrorName(0)).toBe('InvalidErrorCode');
    expect(W.almErrorName(0x0d)).toBe('unassigned(0x000D)');
  });
});
