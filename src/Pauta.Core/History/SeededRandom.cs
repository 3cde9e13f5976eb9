namespace Pauta.Core.History;

/// <summary>
/// A small, fast, reproducible random stream (SplitMix64) for generated histories. System.Random's seeded algorithm gives
/// related streams for related seeds, which made ids of neighbouring customers collide; this one does not, and its
/// numbers never change with the runtime.
/// </summary>
public sealed class SeededRandom(ulong seed) : Random
{
    private ulong state = seed;

    public SeededRandom(int seed, int index, int salt) : this(((ulong)(uint)seed << 32 | (uint)index) ^ ((ulong)(uint)salt * 0xD1B54A32D192ED03UL)) { }

    private ulong NextUInt64()
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    protected override double Sample() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public override double NextDouble() => Sample();

    public override int Next() => (int)(NextUInt64() >> 33);

    public override int Next(int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
        return (int)(Sample() * maxValue);
    }

    public override int Next(int minValue, int maxValue)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
        return minValue + (int)(Sample() * ((long)maxValue - minValue));
    }

    public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());

    public override void NextBytes(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i += 8)
        {
            var v = NextUInt64();
            for (var k = 0; k < 8 && i + k < buffer.Length; k++) buffer[i + k] = (byte)(v >> (8 * k));
        }
    }
}
