namespace Provisio.Scim.Filtering;

internal enum FilterTokenKind
{
    Word,
    String,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    End,
}

/// <summary>A lexical token of a filter; <see cref="Position"/> is 0-based in the filter text.</summary>
internal readonly record struct FilterToken(FilterTokenKind Kind, string Text, int Position);
