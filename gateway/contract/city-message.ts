// A validated city message: its kind and typed payload (contract § Entities).
import type { Complaint, Incident, IndicatorDef, IndicatorValue, OrderStatus, Pledge, Poll, Trend, UrbanReading } from './payloads.js';

export type CityMessage =
  | { kind: 'indicator-def'; data: IndicatorDef }
  | { kind: 'indicator-value'; data: IndicatorValue & { breakdown: { gender: string; ageBand: string } } }
  | { kind: 'urban'; data: UrbanReading }
  | { kind: 'incident'; data: Incident }
  | { kind: 'complaint'; data: Complaint }
  | { kind: 'poll'; data: Poll }
  | { kind: 'pledge'; data: Pledge }
  | { kind: 'trend'; data: Trend }
  | { kind: 'order-status'; data: OrderStatus };

export type EntityKind = 'incident' | 'complaint' | 'poll' | 'pledge' | 'trend';
