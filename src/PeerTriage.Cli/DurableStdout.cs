using System.Text;
using Microsoft.Win32.SafeHandles;

namespace PeerTriage.Cli;

/// <summary>
/// stdout for lines that must not be lost, such as crisis escalations: <see cref="Flush"/> returns only once the text
/// has left the process (and, for a regular file with <c>flushToDisk</c> and <c>toDisk</c>, is on disk), and every
/// write error is reported in one line instead of being ignored.
/// </summary>
/// <remarks>
/// .NET's console stream silently drops output to a pipe whose reader has gone (EPIPE), which would count an escalation
/// as delivered that nobody saw. So on Unix, a pipe or terminal is written through its file descriptor instead, where
/// EPIPE is an error. A regular file is still written through the console stream, which shares its offset with stderr
/// (<c>&gt; log 2&gt;&amp;1</c>), while the descriptor is used only to fsync it.
/// </remarks>
internal sealed class DurableStdout : IDisposable
{
    private readonly Stream _stream;
    private readonly FileStream? _file;
    private readonly bool _flushToDisk;

    public DurableStdout(bool flushToDisk)
    {
        _flushToDisk = flushToDisk;
        FileStream? descriptor = null;
        if (!OperatingSystem.IsWindows())
        {
            try
            {
                descriptor = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                // stdout closed or unusual: the console stream below reports what it can.
            }
        }
        if (descriptor is { CanSeek: false })
        {
            _stream = descriptor;
        }
        else
        {
            _stream = Console.OpenStandardOutput();
            _file = descriptor;
        }
        Writer = new StreamWriter(new Reporting(_stream), new UTF8Encoding(false), bufferSize: 4096, leaveOpen: true);
    }

    /// <summary>Buffered; call <see cref="Flush"/> when the text must be out.</summary>
    public StreamWriter Writer { get; }

    /// <summary>Writes out what is buffered; with <paramref name="toDisk"/>, also fsyncs a regular file if so configured.</summary>
    /// <exception cref="IOException">stdout cannot be written (closed pipe, full disk, ...).</exception>
    public void Flush(bool toDisk)
    {
        Writer.Flush();
        if (toDisk && _flushToDisk && _file is not null)
            Reporting.Run(() => _file.Flush(flushToDisk: true));
    }

    /// <summary>Flushes on an error path, where a second error would only hide the first.</summary>
    public void TryFlush()
    {
        try
        {
            Flush(toDisk: false);
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        try
        {
            Writer.Dispose();
        }
        catch (IOException)
        {
            // Only after a failed flush, which was reported.
        }
        _file?.Dispose();
        _stream.Dispose();
    }

    /// <summary>Passes writes through, turning an I/O error into one line that names stdout.</summary>
    private sealed class Reporting(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public static IOException Wrap(IOException e) => new($"cannot write to stdout ({Cli.OneLine(e.Message)})", e);

        public static void Run(Action write)
        {
            try
            {
                write();
            }
            catch (IOException e)
            {
                throw Wrap(e);
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            try
            {
                inner.Write(buffer);
            }
            catch (IOException e)
            {
                throw Wrap(e);
            }
        }

        public override void Flush() => Run(inner.Flush);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
