using System.Text;

namespace PeerTriage.Shared;

/// <summary>
/// Writes a file whole or not at all: to a temporary file beside it, flushed to disk, then moved over the path. A crash
/// or an exception never leaves a half-written file under the path, and the temporary file is deleted on failure.
/// Compiled into each assembly that writes files (linked source, not a public API).
/// </summary>
/// <remarks>
/// The temporary file is <c>PATH.tmp-PID</c>, in the same folder so the move is a rename. OS errors name it; the CLI
/// strips the <c>.tmp-</c> suffix from them (Cli.TempSuffix), so keep the two in step.
/// </remarks>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="path"/> with <paramref name="write"/>, which must not close the stream.</summary>
    /// <param name="path">The file; a relative path is taken from the current folder.</param>
    /// <param name="write">Writes the whole content.</param>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp-" + Environment.ProcessId;
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }

    /// <summary>Writes <paramref name="path"/> as UTF-8 text without a byte order mark, like <see cref="Write"/>.</summary>
    /// <param name="path">The file; a relative path is taken from the current folder.</param>
    /// <param name="write">Writes the whole text; the writer is flushed afterwards and must not be closed.</param>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, stream =>
        {
            // A large buffer: score files run to millions of lines.
            using var writer = new StreamWriter(stream, Utf8NoBom, bufferSize: 1 << 16, leaveOpen: true);
            write(writer);
        });
}
