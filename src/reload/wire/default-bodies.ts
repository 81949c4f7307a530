/**
 * The body codecs of the RELOAD methods this simulator models, keyed by message code (RFC 6940
 * §14.8), for CHORD-RELOAD (whose overlay-specific Update and RouteQuery bodies are §10.7 and
 * §10.8). Find, Stat, ConfigUpdate, exp_a and exp_b are absent: their bodies stay raw bytes unless
 * a layer adds a codec (the ALM usage adds exp_a with `expACarrier`).
 */
import type { Codec } from './codec.ts';
import { MessageCode } from './codes.ts';
import { errorResponseCodec } from './error-response.ts';
import type { ErrorResponse } from './error-response.ts';
import type { MessageContents } from './message-contents.ts';
import { appAttachCodec } from './bodies/app-attach.ts';
import type { AppAttachAns, AppAttachReq } from './bodies/app-attach.ts';
import { attachReqAnsCodec } from './bodies/attach.ts';
import type { AttachReqAns } from './bodies/attach.ts';
import { createFetchAnsCodec, createFetchReqCodec } from './bodies/fetch.ts';
import type { FetchAns, FetchReq } from './bodies/fetch.ts';
import { joinAnsCodec, joinReqCodec } from './bodies/join.ts';
import type { JoinAns, JoinReq } from './bodies/join.ts';
import { leaveReqCodec } from './bodies/leave.ts';
import type { LeaveReq } from './bodies/leave.ts';
import { pingAnsCodec, pingReqCodec } from './bodies/ping.ts';
import type { PingAns, PingReq } from './bodies/ping.ts';
import { probeAnsCodec, probeReqCodec } from './bodies/probe.ts';
import type { ProbeAns, ProbeReq } from './bodies/probe.ts';
import { chordRouteQueryAnsCodec, routeQueryReqCodec } from './bodies/route-query.ts';
import type { ChordRouteQueryAns, RouteQueryReq } from './bodies/route-query.ts';
import { createStoreReqCodec, storeAnsCodec } from './bodies/store.ts';
import type { StorageCodecInit, StoreAns, StoreReq } from './bodies/store.ts';
import { chordUpdateCodec } from './bodies/update.ts';
import type { ChordUpdate } from './bodies/update.ts';
import { emptyBodyCodec } from './wire-codec.ts';
import type { EmptyBody } from './wire-codec.ts';

/** The decoded body type of each message code in {@link defaultReloadBodies}. */
export interface ReloadBodies {
  [MessageCode.ProbeReq]: ProbeReq;
  [MessageCode.ProbeAns]: ProbeAns;
  [MessageCode.AttachReq]: AttachReqAns;
  [MessageCode.AttachAns]: AttachReqAns;
  [MessageCode.StoreReq]: StoreReq;
  [MessageCode.StoreAns]: StoreAns;
  [MessageCode.FetchReq]: FetchReq;
  [MessageCode.FetchAns]: FetchAns;
  [MessageCode.JoinReq]: JoinReq;
  [MessageCode.JoinAns]: JoinAns;
  [MessageCode.LeaveReq]: LeaveReq;
  [MessageCode.LeaveAns]: EmptyBody;
  [MessageCode.UpdateReq]: ChordUpdate;
  [MessageCode.UpdateAns]: EmptyBody;
  [MessageCode.RouteQueryReq]: RouteQueryReq;
  [MessageCode.RouteQueryAns]: ChordRouteQueryAns;
  [MessageCode.PingReq]: PingReq;
  [MessageCode.PingAns]: PingAns;
  [MessageCode.AppAttachReq]: AppAttachReq;
  [MessageCode.AppAttachAns]: AppAttachAns;
  [MessageCode.Error]: ErrorResponse;
}

export type ReloadBodyCode = keyof ReloadBodies;

/**
 * A fresh table (add to it freely). `dataModelOf` gives each Kind-ID's data model, which the
 * Store and Fetch bodies need to decode their values (RFC 6940 §7.2).
 */
export function defaultReloadBodies(init: StorageCodecInit): Map<number, Codec<unknown>> {
  const table: Array<[ReloadBodyCode, Codec<unknown>]> = [
    [MessageCode.ProbeReq, probeReqCodec],
    [MessageCode.ProbeAns, probeAnsCodec],
    [MessageCode.AttachReq, attachReqAnsCodec],
    [MessageCode.AttachAns, attachReqAnsCodec],
    [MessageCode.StoreReq, createStoreReqCodec(init)],
    [MessageCode.StoreAns, storeAnsCodec],
    [MessageCode.FetchReq, createFetchReqCodec(init)],
    [MessageCode.FetchAns, createFetchAnsCodec(init)],
    [MessageCode.JoinReq, joinReqCodec],
    [MessageCode.JoinAns, joinAnsCodec],
    [MessageCode.LeaveReq, leaveReqCodec],
    [MessageCode.LeaveAns, emptyBodyCodec],
    [MessageCode.UpdateReq, chordUpdateCodec],
    [MessageCode.UpdateAns, emptyBodyCodec],
    [MessageCode.RouteQueryReq, routeQueryReqCodec],
    [MessageCode.RouteQueryAns, chordRouteQueryAnsCodec],
    [MessageCode.PingReq, pingReqCodec],
    [MessageCode.PingAns, pingAnsCodec],
    [MessageCode.AppAttachReq, appAttachCodec],
    [MessageCode.AppAttachAns, appAttachCodec],
    [MessageCode.Error, errorResponseCodec],
  ];
  return new Map<number, Codec<unknown>>(table);
}

/** The body typed by its code when `contents` carries message `code`, else undefined. */
export function bodyOf<C extends ReloadBodyCode>(contents: MessageContents, code: C): ReloadBodies[C] | undefined {
  return contents.messageCode === code ? (contents.body as ReloadBodies[C]) : undefined;
}
