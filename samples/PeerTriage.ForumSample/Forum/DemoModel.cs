using PeerTriage.Data;

namespace PeerTriage.ForumSample.Forum;

/// <summary>The demo model: trained from the core's embedded <see cref="DemoCorpus"/> when no model path is configured.</summary>
public static class DemoModel
{
    /// <summary>The file name in the data folder.</summary>
    public const string FileName = "demo-model.ptm";

    private static readonly Lock Gate = new();

    /// <summary>
    /// Returns the demo model's path in <paramref name="dataFolder"/>, training it first when the file is missing (a few
    /// seconds, once). Written to a temporary file and moved into place, so a crash never leaves half a model.
    /// </summary>
    /// <param name="dataFolder">The data folder.</param>
    /// <returns>The model file's path.</returns>
    public static string Ensure(string dataFolder)
    {
        var path = Path.Combine(dataFolder, FileName);
        lock (Gate)
        {
            if (File.Exists(path))
                return path;
            Directory.CreateDirectory(dataFolder);
            var model = TriageModel.Train(DemoCorpus.Load());
            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            model.Save(temporary);
            File.Move(temporary, path, overwrite: true);
            return path;
        }
    }
}
