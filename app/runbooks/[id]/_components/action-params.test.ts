import { describe, expect, it } from 'vitest';
import { actionSchema } from '@/lib/catalog/schema';
import { initialParamValues, readParamValues } from './action-params';

const scale = actionSchema.parse({ kind: 'scale', target: { resource: 'deployment', name: 'orchestrator' }, params: { replicas: { type: 'integer', min: 1, max: 10, default: 5 } } });
const undo = actionSchema.parse({ kind: 'rollout-undo', target: { resource: 'deployment', name: '{deployment}' }, params: { deployment: { type: 'enum', values: ['orchestrator', 'media-agent'] } } });

describe('initialParamValues', () => {
  it('starts from the catalog default, and leaves an enum without one unchosen', () => {
    expect(initialParamValues(scale)).toEqual({ replicas: '5' });
    expect(initialParamValues(undo)).toEqual({ deployment: '' });
  });
});

describe('readParamValues', () => {
  it('turns the inputs into the body the server expects', () => {
    expect(readParamValues(scale, { replicas: '7' })).toEqual({ params: { replicas: 7 }, errors: {} });
    expect(readParamValues(undo, { deployment: 'media-agent' })).toEqual({ params: { deployment: 'media-agent' }, errors: {} });
  });

  it('explains a value out of bounds, not whole, or missing, and gives no params then', () => {
    expect(readParamValues(scale, { replicas: '11' })).toEqual({ params: null, errors: { replicas: 'must be at most 10' } });
    expect(readParamValues(scale, { replicas: '2.5' })).toEqual({ params: null, errors: { replicas: 'must be a whole number' } });
    expect(readParamValues(scale, { replicas: '' })).toEqual({ params: null, errors: { replicas: 'is required' } });
    expect(readParamValues(undo, { deployment: '' })).toEqual({ params: null, errors: { deployment: 'choose one' } });
  });
});
