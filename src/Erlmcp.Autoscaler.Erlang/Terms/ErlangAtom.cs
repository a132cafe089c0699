using System.Text;

namespace Erlmcp.Autoscaler.Erlang.Terms;

/// <summary>An atom: a name of at most 255 characters.</summary>
public sealed class ErlangAtom : ErlangTerm
{
    public const int MaxCharacters = 255;

    public static readonly ErlangAtom Ok = new("ok");
    public static readonly ErlangAtom Error = new("error");
    public static readonly ErlangAtom True = new("true");
    public static readonly ErlangAtom False = new("false");
    public static readonly ErlangAtom Undefined = new("undefined");

    /// <summary>The empty atom '' (the "unused" field of SEND and REG_SEND).</summary>
    public static readonly ErlangAtom Empty = new(string.Empty);

    public ErlangAtom(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > MaxCharacters && name.EnumerateRunes().Count() is var characters && characters > MaxCharacters)
        {
            throw new ArgumentException(
                $"An atom has at most {MaxCharacters} characters; the one starting '{name[..40]}' has {characters}.", nameof(name));
        }

        Name = name;
    }

    public string Name { get; }

    public static implicit operator ErlangAtom(string name) => new(name);

    public override bool Equals(ErlangTerm? other) => other is ErlangAtom atom && atom.Name == Name;

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    internal override void AppendTo(StringBuilder text) => ErlangTermText.AppendAtom(text, Name);
}
