using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace HedgeDashboard.Quant.MarketData;

/// <summary>
/// Decompresses a gzip file and, at its end, checks the data against the gzip trailer (CRC-32 and
/// size mod 2^32). <see cref="GZipStream"/> alone ends quietly when the file is cut short or lacks
/// its trailer, so a truncated file would read as a shorter, valid one with a wrong last row.
/// Throws <see cref="InvalidDataException"/>; callers add the file name. Only single-member gzip
/// files pass (what gzip, Python and .NET write); several members concatenated fail the check.
/// </summary>
public sealed class VerifiedGzipStream : Stream
{
    private readonly Stream _compressed;
    private readonly GZipStream _gzip;
    private readonly Crc32 _crc = new();
    private readonly bool _leaveOpen;
    private long _length;
    private bool _verified;

    /// <param name="compressed">Seekable gzip bytes; the trailer is read from its last 8 bytes.</param>
    /// <param name="leaveOpen">Keep <paramref name="compressed"/> open on dispose.</param>
    public VerifiedGzipStream(Stream compressed, bool leaveOpen = false)
    {
        if (!compressed.CanSeek)
        {
            throw new ArgumentException("the gzip stream must be seekable to read its trailer", nameof(compressed));
        }

        _compressed = compressed;
        _leaveOpen = leaveOpen;
        _gzip = new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: true);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            // zlib's own messages ("unsupported compression method" for a bad CRC too) mislead.
            throw new InvalidDataException($"not valid gzip data ({e.Message})", e);
        }

        if (n > 0)
        {
            _crc.Append(buffer[..n]);
            _length += n;
        }
        else if (!buffer.IsEmpty)
        {
            VerifyTrailer();
        }

        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            if (!_leaveOpen)
            {
                _compressed.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private void VerifyTrailer()
    {
        if (_verified)
        {
            return;
        }

        // 10-byte header + 8-byte trailer is the least a gzip file can be.
        if (_compressed.Length < 18)
        {
            throw new InvalidDataException($"the gzip file is truncated ({_compressed.Length} bytes)");
        }

        Span<byte> trailer = stackalloc byte[8];
        _compressed.Seek(-8, SeekOrigin.End);
        _compressed.ReadExactly(trailer);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        if (crc != _crc.GetCurrentHashAsUInt32() || size != (uint)_length)
        {
            throw new InvalidDataException(
                $"the gzip data ends early or does not match its trailer (CRC-32 and size of {_length:N0} bytes read): the file is truncated or corrupt");
        }

        _verified = true;
    }
}
