package com.example.guide;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A stand-in for a booking system, so the examples have something to do and to undo. */
public final class Hotel {

  /** The hotel every example uses. */
  public static final Hotel SHARED = new Hotel();

  private final AtomicInteger next = new AtomicInteger();
  private final List<String> booked = new ArrayList<>();

  /**
   * Books a room.
   *
   * @param guest who for
   * @return the room's reference
   */
  public synchronized String reserve(String guest) {
    String room = "room-" + next.incrementAndGet() + "-" + guest;
    booked.add(room);
    return room;
  }

  /**
   * Cancels a booking.
   *
   * @param room the room's reference
   */
  public synchronized void cancel(String room) {
    booked.remove(room);
  }

  /**
   * The rooms booked now.
   *
   * @return their references
   */
  public synchronized List<String> booked() {
    return List.copyOf(booked);
  }
}
