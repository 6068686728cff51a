using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace PeerTriage.Cli;

/// <summary>System.CommandLine's parse errors in the CLI's words, naming the option and the value.</summary>
internal static class ParseErrors
{
    /// <summary>The first error, in one line.</summary>
    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        if (parse.UnmatchedTokens.Count > 0)
        {
            string token = parse.UnmatchedTokens[0];
            if (token.StartsWith('-'))
                return $"unknown option '{token}' for {CommandPath(parse)}";
            if (command.Subcommands.Count > 0 && command.Action is null)
                return $"unknown command '{token}'; the commands are {Names(command)}";
            return $"unexpected argument '{token}'";
        }
        // A value the user typed comes before an option left out.
        foreach (var error in parse.Errors)
        {
            var option = error.SymbolResult switch
            {
                OptionResult o => o,
                ArgumentResult { Parent: OptionResult o } => o,
                _ => null,
            };
            if (option is { IdentifierTokenCount: > 0 })
                return OptionError(option, error.Message);
        }
        if (command.Subcommands.Count > 0 && command.Action is null)
            return $"give a command: {Names(command)}";
        var missing = command.Options.FirstOrDefault(o => o.Required && parse.GetResult(o) is not { IdentifierTokenCount: > 0 });
        if (missing is not null)
            return $"{missing.Name} is required";
        var argument = command.Arguments.FirstOrDefault(a => a.Arity.MinimumNumberOfValues > 0 && parse.GetResult(a) is null);
        if (argument is not null)
            return $"{argument.Name.ToUpperInvariant()} is required";
        return Cli.OneLine(parse.Errors[0].Message);
    }

    /// <summary>For example <c>peertriage queue replay</c>.</summary>
    public static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult c; result = c.Parent)
            names.Add(c.Command is RootCommand ? "peertriage" : c.Command.Name);
        names.Reverse();
        return string.Join(" ", names);
    }

    private static string OptionError(OptionResult result, string message)
    {
        var option = result.Option;
        // Our own checks already speak the option's name.
        if (message.StartsWith(option.Name, StringComparison.Ordinal))
            return Cli.OneLine(message);
        if (result.Tokens.Count == 0)
            return $"{option.Name} needs a value";
        string value = result.Tokens[^1].Value;
        var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
        if (type == typeof(int) || type == typeof(long))
            return $"{option.Name} '{value}' is not a whole number";
        if (type == typeof(double) || type == typeof(float))
            return $"{option.Name} '{value}' is not a number (write decimals with a point, as in 0.5)";
        if (type.IsEnum)
            return $"{option.Name} '{value}' is not one of {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLower(CultureInfo.InvariantCulture)))}";
        if (type == typeof(bool))
            return $"{option.Name} '{value}' is not true or false";
        return $"{option.Name} '{value}': {Cli.OneLine(message)}";
    }

    private static string Names(Command command) => string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
}
