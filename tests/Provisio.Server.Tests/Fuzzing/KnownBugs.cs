namespace Provisio.Server.Tests.Fuzzing;

/// <summary>
/// Inputs the fuzzer stops generating while a bug it found is open, so that the fuzz test guards everything else. Each
/// names its reproduction in <see cref="FuzzFindingsTests"/>; when that test passes, set the flag to true.
/// </summary>
internal static class KnownBugs
{
    /// <summary><see cref="FuzzFindingsTests.Duplicate_property_names_in_a_body_are_a_400_not_a_500"/>.</summary>
    public static bool GenerateDuplicatePropertyNames => true;

    /// <summary><see cref="FuzzFindingsTests.A_lone_surrogate_escape_in_a_body_is_a_400_not_a_500"/>: in JSON bodies they become U+FFFD.</summary>
    public static bool GenerateLoneSurrogatesInJson => true;

    /// <summary><see cref="FuzzFindingsTests.Invalid_utf8_in_a_well_formed_body_is_a_400_not_a_500"/>.</summary>
    public static bool GenerateInvalidUtf8InWellFormedJson => true;

    /// <summary><see cref="FuzzFindingsTests.A_deeply_nested_filter_is_a_400_not_a_500"/>: nesting stops at 500.</summary>
    public static bool GenerateFiltersThousandsDeep => true;

    /// <summary>
    /// <see cref="FuzzFindingsTests.A_member_id_with_a_NUL_is_refused_not_a_500"/>: on PostgreSQL generated strings carry no NUL.
    /// </summary>
    public static bool GenerateNulInStrings => true;

    /// <summary>
    /// <see cref="FuzzFindingsTests.A_long_email_is_stored_or_refused_not_a_500"/>: on PostgreSQL generated strings stay
    /// under 800 characters (the btree limit of 2,704 bytes).
    /// </summary>
    public static bool GenerateLongStrings => true;
}
