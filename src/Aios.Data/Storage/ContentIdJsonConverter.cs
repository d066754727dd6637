using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aios.Data.Storage;

/// <summary>Writes a <see cref="ContentId"/> as its 64-character hexadecimal string.</summary>
internal sealed class ContentIdJsonConverter : JsonConverter<ContentId>
{
    public override ContentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !ContentId.TryParse(reader.GetString(), out ContentId id))
        {
            throw new JsonException("A content id must be a string of 64 hexadecimal characters.");
        }

        return id;
    }

    public override void Write(Utf8JsonWriter writer, ContentId value, JsonSerializerOptions options)
    {
        Span<char> text = stackalloc char[ContentId.HexLength];
        _ = value.TryFormat(text, out _, default, null);
        writer.WriteStringValue(text);
    }
}
