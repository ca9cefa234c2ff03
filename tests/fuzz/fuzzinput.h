// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include <QtCore/QByteArrayView>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace FuzzSupport {

/*
    A cursor over the fuzzer's bytes. Reads past the end give zeros (and
    empty spans), so a target never needs to check lengths and every prefix
    of an input is itself a meaningful input, which keeps libFuzzer's
    mutations effective.
*/
class Input
{
public:
    Input(const uint8_t *data, size_t size)
        : m_data(data)
        , m_size(size)
    {
    }

    bool atEnd() const { return m_pos >= m_size; }
    size_t remaining() const { return m_size - m_pos; }

    uint8_t byte() { return m_pos < m_size ? m_data[m_pos++] : 0; }

    uint16_t u16()
    {
        const uint16_t lo = byte();
        return uint16_t(lo | (uint16_t(byte()) << 8));
    }

    uint64_t u64()
    {
        uint64_t v = 0;
        for (int i = 0; i < 8; ++i)
            v |= uint64_t(byte()) << (8 * i);
        return v;
    }

    //! Up to \a n bytes (fewer at the end of the input).
    QByteArrayView bytes(size_t n)
    {
        n = n < remaining() ? n : remaining();
        const QByteArrayView view(reinterpret_cast<const char *>(m_data + m_pos), qsizetype(n));
        m_pos += n;
        return view;
    }

    //! A length-prefixed span: one byte of length, or 0xff and two more for up to 64 KiB.
    QByteArrayView chunk()
    {
        size_t n = byte();
        if (n == 0xff)
            n = u16();
        return bytes(n);
    }

private:
    const uint8_t *m_data;
    size_t m_size;
    size_t m_pos = 0;
};

//! A double from raw bits, so NaNs (signalling, with payloads), infinities and denormals all occur.
inline double doubleFromBits(uint64_t bits)
{
    double d;
    static_assert(sizeof d == sizeof bits);
    std::memcpy(&d, &bits, sizeof d);
    return d;
}

} // namespace FuzzSupport
