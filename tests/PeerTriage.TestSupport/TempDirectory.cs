using System.Text;

namespace PeerTriage.TestSupport;

/// <summary>A scratch folder deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "peertriage-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The full path of <paramref name="name"/> in this folder (the file need not exist).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a file (UTF-8, no BOM unless <paramref name="bom"/>) and returns its full path.</summary>
    public string Write(string name, string content, bool bom = false)
    {
        string full = File(name);
        System.IO.File.WriteAllText(full, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: bom));
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
