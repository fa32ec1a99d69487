import { cpuTicks, describeCpu, parseCpuLine, referenceMs } from './machine';

describe('the machine gauge of the benches', () => {
  it('reads busy and stolen time from the cpu line of /proc/stat', () => {
    // user nice system idle iowait irq softirq steal guest guest_nice
    expect(parseCpuLine('cpu  600 10 200 1000 40 5 15 130 50 0')).toEqual({
      total: 2000,
      busy: 830,
      steal: 130,
    });
    // Kernels before 2.6.11 give four fields only.
    expect(parseCpuLine('cpu 1 2 3 4')).toEqual({ total: 10, busy: 6, steal: 0 });
  });

  it('refuses a line that is not the machine-wide cpu line', () => {
    expect(() => parseCpuLine('cpu0 600 10 200 1000')).toThrow(/not the cpu line/);
    expect(() => parseCpuLine('intr 1 2 3')).toThrow(/not the cpu line/);
  });

  it('gives the shares of the CPUs time between two readings', () => {
    const before = { total: 1000, busy: 300, steal: 10 };
    const after = { total: 3000, busy: 1300, steal: 110 };
    expect(describeCpu(before, after)).toBe(
      'machine CPU 50.0% busy, 5.0% stolen by the hypervisor',
    );
    expect(describeCpu(undefined, after)).toBe('machine CPU unknown');
    expect(describeCpu(after, after)).toBe('machine CPU unknown');
  });

  it('reads this machine and times the reference work', () => {
    if (process.platform === 'linux') expect(cpuTicks()?.total).toBeGreaterThan(0);
    expect(referenceMs()).toBeGreaterThan(0);
  });
});
