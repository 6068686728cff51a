using Microsoft.Extensions.Options;
using PeerTriage.Moderation;

namespace PeerTriage.Hosting;

/// <summary>
/// Checks <see cref="PeerTriageOptions"/> when the host starts. Every message names the setting by its configuration
/// path (for example <c>PeerTriage:ModelPath</c>), so an operator can fix the file without reading code.
/// </summary>
internal sealed class PeerTriageOptionsValidator(string prefix, StartupModelCache models, IEnumerable<CustomStoreRegistration> customStores)
    : IValidateOptions<PeerTriageOptions>
{
    public ValidateOptionsResult Validate(string? name, PeerTriageOptions options)
    {
        // Only the default (unnamed) options configure PeerTriage.
        if (name is not null && name != Options.DefaultName)
            return ValidateOptionsResult.Skip;

        var failures = new List<string>();
        TriageModel? model = null;
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            failures.Add($"{prefix}:ModelPath is required: the path of the triage model file (.ptm).");
        }
        else
        {
            string full = Path.GetFullPath(options.ModelPath);
            if (!File.Exists(full))
                failures.Add($"{prefix}:ModelPath '{options.ModelPath}' does not exist (looked for {full}).");
            else if (models.TryLoad(full, out model, out string? error) is false)
                failures.Add($"{prefix}:ModelPath '{options.ModelPath}' is not a usable model: {error}");
        }

        NotNegative(failures, options.ModelReloadDelay, "ModelReloadDelay");
        NotNegative(failures, options.CommunityWindow, "CommunityWindow");
        if (options.EscalationSweepInterval <= TimeSpan.Zero)
            failures.Add($"{prefix}:EscalationSweepInterval must be positive; got {options.EscalationSweepInterval}.");
        if (options.EscalationLease < TimeSpan.FromMilliseconds(1))
            failures.Add($"{prefix}:EscalationLease must be at least 1 millisecond; got {options.EscalationLease}.");
        if (options.NodeId is { } node && (string.IsNullOrWhiteSpace(node) || node.Length > 200))
            failures.Add($"{prefix}:NodeId must be 1 to 200 characters and not blank, or left out for a random id per start; got '{node}'.");

        switch (options.Store)
        {
            case PeerTriageStoreKind.Sqlite:
                if (string.IsNullOrWhiteSpace(options.SqlitePath))
                {
                    failures.Add($"{prefix}:SqlitePath is required when {prefix}:Store is Sqlite.");
                }
                else
                {
                    string? folder = Path.GetDirectoryName(Path.GetFullPath(options.SqlitePath));
                    if (folder is not null && !Directory.Exists(folder))
                        failures.Add($"{prefix}:SqlitePath '{options.SqlitePath}' is in a folder that does not exist ({folder}).");
                }
                if (!Enum.IsDefined(options.SqliteDurability))
                    failures.Add($"{prefix}:SqliteDurability '{options.SqliteDurability}' is not one of {string.Join(", ", Enum.GetNames<SqliteDurability>())}.");
                break;
            case PeerTriageStoreKind.InMemory:
                break;
            case PeerTriageStoreKind.Custom:
                if (!customStores.Any())
                    failures.Add($"{prefix}:Store is Custom, but no store was given: call UseStore(...) on the builder AddPeerTriage returns.");
                break;
            default:
                failures.Add($"{prefix}:Store '{options.Store}' is not one of {string.Join(", ", Enum.GetNames<PeerTriageStoreKind>())}.");
                break;
        }

        if (options.FlagLevel is { } flag && model is not null)
        {
            var scheme = model.Scheme;
            if (!scheme.TryGetIndex(flag, out int index))
                failures.Add($"{prefix}:FlagLevel '{flag}' is not a level of the model's scheme ({scheme.Describe()}).");
            else if (index < scheme.FlaggedFrom)
                failures.Add($"{prefix}:FlagLevel '{flag}' is below the model's lowest flagged level '{scheme.NameOf(scheme.FlaggedFrom)}' ({scheme.Describe()}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void NotNegative(List<string> failures, TimeSpan value, string setting)
    {
        if (value < TimeSpan.Zero)
            failures.Add($"{prefix}:{setting} must not be negative; got {value}.");
    }
}

/// <summary>
/// The model the validator loaded at startup, handed to <see cref="TriageModelProvider"/> so the file is read once.
/// </summary>
internal sealed class StartupModelCache
{
    private readonly Lock _lock = new();
    private string? _path;
    private TriageModel? _model;

    /// <summary>Loads the file (or returns the one already loaded from it); false with a reason when it does not load.</summary>
    public bool TryLoad(string fullPath, out TriageModel? model, out string? error)
    {
        lock (_lock)
        {
            if (_model is not null && _path == fullPath)
            {
                (model, error) = (_model, null);
                return true;
            }
            if (!ModelLoading.TryLoad(fullPath, out model, out error))
                return false;
            (_path, _model) = (fullPath, model);
            return true;
        }
    }

    /// <summary>The model loaded from <paramref name="fullPath"/>, loading it now if needed; forgets it either way.</summary>
    public TriageModel Take(string fullPath)
    {
        lock (_lock)
        {
            var model = _path == fullPath ? _model : null;
            (_path, _model) = (null, null);
            return model ?? TriageModel.Load(fullPath);
        }
    }
}

/// <summary>Loading a model file with every failure turned into one readable line.</summary>
internal static class ModelLoading
{
    public static bool TryLoad(string fullPath, out TriageModel? model, out string? error)
    {
        model = null;
        try
        {
            model = TriageModel.Load(fullPath);
            error = null;
            return true;
        }
        catch (PeerTriage.Serialization.ModelFormatException e)
        {
            error = e.Message;
        }
        catch (FileNotFoundException)
        {
            error = $"the file {fullPath} does not exist";
        }
        catch (DirectoryNotFoundException)
        {
            error = $"the folder of {fullPath} does not exist";
        }
        catch (UnauthorizedAccessException)
        {
            error = $"the file {fullPath} cannot be read (permission denied)";
        }
        catch (IOException e)
        {
            error = $"the file {fullPath} cannot be read: {e.Message}";
        }
        return false;
    }
}

/// <summary>The store factory given to <see cref="PeerTriageBuilder.UseStore"/>.</summary>
internal sealed record CustomStoreRegistration(Func<IServiceProvider, ModerationStore> Factory);
