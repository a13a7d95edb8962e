package io.sayline.rtp.g711;

/**
 * An independent, line-by-line port of the ITU-T G.191 Software Tool Library {@code g711.c}
 * (STL2009, module G711: {@code alaw_compress}, {@code alaw_expand}, {@code ulaw_compress},
 * {@code ulaw_expand}). C {@code short} arithmetic is kept: values are promoted to int and
 * truncated to 16 bits on assignment. The expectations of {@link G711CodecTest} come from here,
 * never from the code under test.
 */
final class ItuG711Reference {
    private ItuG711Reference() {
    }

    static short alawCompress(short lin) {
        short ix;
        short iexp;
        ix = (short) (lin < 0 ? (~lin) >> 4 : lin >> 4); /* 1's complement for negative values */
        if (ix > 15) { /* exponent=0 for ix <= 15 */
            iexp = 1;
            while (ix > 16 + 15) { /* find mantissa and exponent */
                ix >>= 1;
                iexp++;
            }
            ix -= 16; /* second step: remove leading '1' */
            ix += (short) (iexp << 4); /* now compute encoded value */
        }
        if (lin >= 0) {
            ix |= 0x0080; /* add sign bit */
        }
        return (short) (ix ^ 0x0055); /* toggle even bits */
    }

    static short alawExpand(short log) {
        short ix;
        short mant;
        short iexp;
        ix = (short) (log ^ 0x0055); /* re-toggle toggled bits */
        ix &= 0x007F; /* remove sign bit */
        iexp = (short) (ix >> 4); /* extract exponent */
        mant = (short) (ix & 0x000F); /* now get mantissa */
        if (iexp > 0) {
            mant = (short) (mant + 16); /* add leading '1', if exponent > 0 */
        }
        mant = (short) ((mant << 4) + 0x0008); /* now mantissa left justified and 1/2 quantization step added */
        if (iexp > 1) { /* now left shift according exponent */
            mant = (short) (mant << (iexp - 1));
        }
        return (short) (log > 127 ? mant : -mant); /* invert, if negative sample */
    }

    static short ulawCompress(short lin) {
        short i;
        short absno;
        short segno;
        short lowNibble;
        short highNibble;
        /* -------------------------------------------------------------------- */
        /* Change from 14 bit left justified to 14 bit right justified */
        /* Compute absolute value; adjust for easy processing */
        /* -------------------------------------------------------------------- */
        absno = (short) (lin < 0 ? ((~lin) >> 2) + 33 : (lin >> 2) + 33);
        if (absno > 0x1FFF) { /* limit to "absno" < 8192 */
            absno = 0x1FFF;
        }
        /* Determination of sample's segment */
        i = (short) (absno >> 6);
        segno = 1;
        while (i != 0) {
            segno++;
            i >>= 1;
        }
        /* Mounting the high-nibble of the log-PCM sample */
        highNibble = (short) (0x0008 - segno);
        /* Mounting the low-nibble of the log PCM sample */
        lowNibble = (short) ((absno >> segno) & 0x000F); /* right shift of mantissa and masking away leading '1' */
        lowNibble = (short) (0x000F - lowNibble);
        /* Joining the high-nibble and the low-nibble of the log PCM sample */
        short log = (short) ((highNibble << 4) | lowNibble);
        /* Add sign bit */
        if (lin >= 0) {
            log = (short) (log | 0x0080);
        }
        return log;
    }

    static short ulawExpand(short log) {
        short n;
        short segment;
        short mantissa;
        short exponent;
        short sign;
        short step;
        sign = (short) (log < 0x0080 ? -1 : 1); /* sign-bit = 1 for positiv values */
        mantissa = (short) ~log; /* 1's complement of input value */
        exponent = (short) ((mantissa >> 4) & 0x0007); /* extract exponent */
        segment = (short) (exponent + 1); /* compute segment number */
        mantissa = (short) (mantissa & 0x000F); /* extract mantissa */
        /* Compute Quantized Sample (14 bit left justified!) */
        step = (short) (4 << segment); /* position of the LSB = 1 quantization step) */
        n = (short) (sign * ((0x0080 << exponent) /* '1', preceding the mantissa */
                + step * mantissa /* left shift of mantissa */
                + step / 2 /* 1/2 quantization step */
                - 4 * 33));
        return n;
    }
}
