import { describe, expect, it } from 'vitest';
import { queryKeys } from './query-keys';
import { workloadQueryKeys } from './workloads-query-keys';

describe('workloadQueryKeys', () => {
  it('nests each live Kubernetes panel under its section, apart from the charts', () => {
    const section = queryKeys.section('call-failures');
    const workloads = workloadQueryKeys.workloads('call-failures', 'media-workloads');
    const logs = workloadQueryKeys.logs('call-failures', 'orchestrator-errors');
    expect(workloads.slice(0, section.length)).toEqual(section);
    expect(logs.slice(0, section.length)).toEqual(section);
    expect(workloads).not.toEqual(workloadQueryKeys.logs('call-failures', 'media-workloads'));
    expect(workloads.slice(0, queryKeys.panels('call-failures').length)).not.toEqual(queryKeys.panels('call-failures'));
  });
});
