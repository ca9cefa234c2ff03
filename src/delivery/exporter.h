// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 Automagik Telemetry for Qt contributors
#pragma once

#include "common/autotestexport.h"
#include "common/record.h"
#include "delivery/requestsplitter.h"
#include "delivery/transport.h"
#include "encoding/otlpjsonencoder.h"

#include <automagik/telemetryconfig.h>

#include <memory>
#include <optional>
#include <utility>

namespace Automagik::Internal {

/*
    A backend (Automagik::Backend) as the worker sees it: how records become
    a request body, how a body is addressed, what carries it there and what
    an answer means. The worker batches, spools, paces and reports; an
    exporter never sees the spool or the pacing, and the worker never asks
    which backend it has. A new backend is a new subclass and a line in
    createExporter().
*/
class AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT Exporter
{
public:
    //! What the worker does with a batch once its transport is done with it.
    enum class Verdict {
        Delivered, //!< Acknowledged: remove it from the spool.
        TryLater, //!< The backend is down or overloaded: keep it, pause, probe again later.
        Split, //!< Too large for the backend: split it in two and send the halves.
        GiveUp //!< Refused for good: remove it and report why.
    };

    explicit Exporter(const TelemetryConfig &config) : m_config(config) { }
    virtual ~Exporter();

    //! The encoding limits \a config asks for; the others are fixed.
    static EncoderLimits limitsFor(const TelemetryConfig &config);

    //! Written into every spool file: a batch encoded for one backend is never sent by another.
    virtual QByteArray format() const = 0;
    //! Other formats whose spooled batches this exporter sends as they are (an OTLP encoding for the other).
    virtual QList<QByteArray> siblingFormats() const { return {}; }
    virtual QByteArray encode(TelemetrySignal signal, const Record *records, std::size_t count) = 0;
    //! The resource changed (a new user.id after consent was given again): encode with it from now on.
    virtual void setResource(const EncoderResource &resource) = 0;
    //! Whether bodies over the compression threshold are gzipped (pointless for a local file).
    virtual bool compressesBodies() const { return true; }
    //! Fills in where \a batch goes: URL, content type, headers.
    virtual void address(OutgoingBatch &batch) const = 0;
    //! Creates what carries batches, as a child of \a parent (on the worker thread).
    virtual Transport *createTransport(QObject *parent) const = 0;
    virtual Verdict verdict(const DeliveryResult &result) const;
    //! Why a batch failed, in the backend's own words where it gave some.
    virtual QString failureReason(const DeliveryResult &result) const { return result.reason; }
    //! Two halves of an encoded body, or std::nullopt when it holds a single item or cannot be read.
    virtual std::optional<std::pair<RequestPart, RequestPart>> split(TelemetrySignal signal,
                                                                     const QByteArray &body) const = 0;

protected:
    TelemetryConfig m_config;
};

//! An exporter of \a Base whose bodies come from one \a Encoder.
template<typename Encoder, typename Base = Exporter>
class EncodingExporter : public Base
{
public:
    EncodingExporter(const TelemetryConfig &config, const EncoderResource &resource)
        : Base(config)
        , m_encoder(resource, Exporter::limitsFor(config))
    {
    }
    QByteArray encode(TelemetrySignal signal, const Record *records, std::size_t count) override
    {
        return m_encoder.encode(signal, records, count);
    }
    void setResource(const EncoderResource &resource) override
    {
        m_encoder = Encoder(resource, Exporter::limitsFor(this->m_config));
    }

private:
    Encoder m_encoder;
};

//! The exporter for the backend \a config asks for. \a config is resolved and valid (TelemetryConfig::validationError()).
AUTOMAGIK_TELEMETRY_AUTOTEST_EXPORT std::unique_ptr<Exporter> createExporter(const TelemetryConfig &config,
                                                                          const EncoderResource &resource);

} // namespace Automagik::Internal
