import { describe, expect, it } from 'vitest';
import { activityFromSignal, activityMatrix, formatTime, offsetMinutes, shiftDailyHours, shiftHourOfWeek } from '../src/time';

// 2025-07-20T00:30:00Z is a Sunday (UTC), 09:30 the same Sunday in Tokyo.
const T = Date.UTC(2025, 6, 20, 0, 30, 0);

describe('time zones', () => {
  it('formats in the chosen zone', () => {
    expect(formatTime(T, 'UTC')).toBe('2025-07-20 00:30:00');
    expect(formatTime(T, 'Asia/Tokyo')).toBe('2025-07-20 09:30:00');
    expect(formatTime(T, 'America/New_York')).toBe('2025-07-19 20:30:00');
  });
  it('knows offsets, summer time included', () => {
    expect(offsetMinutes(T, 'Asia/Tokyo')).toBe(540);
    expect(offsetMinutes(T, 'America/New_York')).toBe(-240);
    expect(offsetMinutes(Date.UTC(2025, 0, 15), 'America/New_York')).toBe(-300);
  });
  it('bins instants by weekday (Monday first) and hour in the zone', () => {
    const m = activityMatrix([T, T + 3600e3], 'Asia/Tokyo');
    expect(m[6][9]).toBe(1);
    expect(m[6][10]).toBe(1);
    const u = activityMatrix([T], 'America/New_York');
    expect(u[5][20]).toBe(1); // Saturday 20:00
  });
  it('shifts a UTC hour-of-week histogram, wrapping Sunday into Monday', () => {
    const utc = new Array(168).fill(0);
    utc[6 * 24 + 20] = 5; // Sunday 20:00 UTC = Monday 05:00 JST
    const m = shiftHourOfWeek(utc, 'Asia/Tokyo', T);
    expect(m[0][5]).toBe(5);
    expect(m.flat().reduce((a, b) => a + b, 0)).toBe(5);
  });
  it('reads the engine signal shapes', () => {
    const hours = Array.from({ length: 7 }, () => new Array(24).fill(0));
    hours[0][0] = 3; // Monday 00:00 at UTC+9 = Sunday 15:00 UTC
    const m = activityFromSignal({ tz_offset_hours: 9, hours }, 'UTC', T)!;
    expect(m[6][15]).toBe(3);
    expect(activityFromSignal({ tz_offset_hours: 9, hours }, 'Asia/Tokyo', T)![0][0]).toBe(3);
    expect(activityFromSignal([T], 'Asia/Tokyo', T)![6][9]).toBe(1);
    expect(activityFromSignal(null, 'UTC', T)).toBeNull();
    expect(activityFromSignal({ hours: [[1]] }, 'UTC', T)).toBeNull();
  });
  it('reads the engine activity clock (UTC hours, weekdays and weekend) as two rows', () => {
    const utc_weekday = new Array(24).fill(0);
    const utc_weekend = new Array(24).fill(0);
    utc_weekday[15] = 4; // 15:00 UTC = 00:00 JST next day, = 11:00 New York (summer)
    utc_weekday[23] = 1;
    utc_weekend[2] = 2;
    const signal = { home_utc_offset_hours: 9, utc_weekday, utc_weekend };
    const tokyo = activityFromSignal(signal, 'Asia/Tokyo', T)!;
    expect(tokyo.length).toBe(2);
    expect(tokyo[0].length).toBe(24);
    expect(tokyo[0][0]).toBe(4);
    expect(tokyo[0][8]).toBe(1);
    expect(tokyo[1][11]).toBe(2);
    expect(tokyo.flat().reduce((a, b) => a + b, 0)).toBe(7);
    const ny = activityFromSignal(signal, 'America/New_York', T)!;
    expect(ny[0][11]).toBe(4);
    expect(ny[1][22]).toBe(2); // 02:00 UTC = 22:00 the evening before, same row
    expect(activityFromSignal(signal, 'UTC', T)).toEqual([utc_weekday, utc_weekend]);
    expect(shiftDailyHours(utc_weekday, utc_weekend, 'Asia/Tokyo', T)).toEqual(tokyo);
    expect(activityFromSignal({ utc_weekday, utc_weekend: [1, 2] }, 'UTC', T)).toBeNull();
    expect(activityFromSignal({ utc_weekday }, 'UTC', T)).toBeNull();
  });
});
